/** The signaling server's WebSocket URL: the page's own host, `/ws`. */
export function signalingUrl(location: Pick<Location, 'protocol' | 'host'>): string {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}/ws`;
}
