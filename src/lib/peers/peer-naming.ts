import { isConfusable } from '../protocol/name-fold';
import type { PeerConnection } from './peer-connection';

/**
 * A name `conn`'s peer can't have: one that looks like this device's own or another device's here
 * (a failed one excepted). Two devices called alike can't be told apart in a receipt or a
 * watermark, and the server refuses such a name anyway.
 */
export function nameTaken(
	conn: PeerConnection,
	name: string,
	conns: readonly PeerConnection[],
	selfName: string
): boolean {
	const others = conns.filter((c) => c !== conn && c.peer.state !== 'failed').map((c) => c.peer.name);
	return isConfusable(name, [selfName, ...others]);
}

/** The server's word on a name counts only until the peer is verified and says its own. */
export function serverNamed(conn: PeerConnection, name: string): void {
	if (!conn.verifiedName) conn.peer.name = name;
}

/**
 * A ready peer's new name, said over its verified channel. A name another device here already has
 * is not taken: the peer keeps the one it had (the server refuses such a rename anyway).
 */
export function channelRenamed(
	conn: PeerConnection,
	name: string,
	conns: readonly PeerConnection[],
	selfName: string
): void {
	if (conn.peer.state === 'ready' && !nameTaken(conn, name, conns, selfName)) conn.peer.name = name;
}
