const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The origins another device could open. A page opened as localhost would hand out a link no
 * phone can reach, so then the server's LAN addresses come first.
 */
export function inviteOrigins(
	location: Pick<Location, 'hostname' | 'origin' | 'port'>,
	lanUrls: readonly string[]
): string[] {
	if (!LOOPBACK.has(location.hostname) || lanUrls.length === 0) return [location.origin];
	const origins = lanUrls.map((u) => {
		try {
			return new URL(u).origin;
		} catch {
			return null;
		}
	});
	const unique = [...new Set(origins.filter((o): o is string => o !== null))];
	return unique.length > 0 ? unique : [location.origin];
}
