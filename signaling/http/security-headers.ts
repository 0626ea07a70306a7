// Camera is allowed because the app offers "take photo". `interest-cohort` is left out on
// purpose: Chrome no longer knows it and logs a console error for every page load.
const PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=()';

const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Whether a Host header is a plain host[:port], with no path, user info or odd characters. */
export function isPlainHost(host: string | undefined): host is string {
	return host !== undefined && PLAIN_HOST.test(host);
}

/**
 * The app's worker scripts: the photo worker compiles libheif's WebAssembly to decode HEIC, so
 * its policy (a worker's own response sets it) allows `'wasm-unsafe-eval'`, which compiles
 * WebAssembly only and never evaluates a string as script. Pages keep the stricter one.
 */
export function isWorkerScript(url: string | undefined): boolean {
	return /^\/_app\/immutable\/workers\/[^?#]*\.js(?:[?#]|$)/.test(url ?? '');
}

export function contentSecurityPolicy(
	host: string | undefined,
	scriptHashes: readonly string[],
	{ wasm = false }: { wasm?: boolean } = {}
): string {
	// A Host header is client input: only a plain host[:port] may go into the policy.
	const sockets = isPlainHost(host) ? ` ws://${host} wss://${host}` : '';
	return [
		"default-src 'self'",
		['script-src', "'self'", ...(wasm ? ["'wasm-unsafe-eval'"] : []), ...scriptHashes].join(' '),
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' blob: data:",
		// Older Safari does not treat 'self' as covering ws:/wss: on the same host.
		`connect-src 'self'${sockets} blob:`,
		"worker-src 'self' blob:",
		"frame-ancestors 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"object-src 'none'"
	].join('; ');
}

// A day: enough to keep a user on HTTPS, short enough to undo a mistake.
const HSTS = 'max-age=86400';
const IP_OR_LOCALHOST = /^(?:\[[0-9A-Fa-f:.]+\]|[\d.]+|localhost|.+\.localhost)(?::\d+)?$/i;

/**
 * HSTS is worth sending only for a DNS name. Browsers ignore it for IP addresses, and on
 * `localhost` it would hold every port of localhost to HTTPS, breaking `npm run dev` on plain
 * HTTP. (Over a self-signed certificate the user clicked through, browsers ignore it too.)
 */
function wantsHsts(host: string | undefined): boolean {
	return isPlainHost(host) && !IP_OR_LOCALHOST.test(host);
}

/** The headers every HTTP response of the server carries; `https` when it is served over TLS. */
export function securityHeaders(
	host: string | undefined,
	scriptHashes: readonly string[],
	{ https = false, wasm = false }: { https?: boolean; wasm?: boolean } = {}
): Record<string, string> {
	return {
		...(https && wantsHsts(host) ? { 'Strict-Transport-Security': HSTS } : {}),
		'Content-Security-Policy': contentSecurityPolicy(host, scriptHashes, { wasm }),
		'Referrer-Policy': 'no-referrer',
		'X-Content-Type-Options': 'nosniff',
		'Cross-Origin-Opener-Policy': 'same-origin',
		'Permissions-Policy': PERMISSIONS_POLICY,
		'X-Frame-Options': 'DENY'
	};
}
