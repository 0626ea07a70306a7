import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';
import type { SignalingHub } from '../hub/attach-signaling';
import { clientAddress } from '../hub/client-address';
import type { StaticSite } from './static-site';

export interface RequestHandlerOptions {
	site: StaticSite;
	responseHeaders: (req: IncomingMessage) => Record<string, string>;
	hub: () => SignalingHub;
	/** Whether this server answers to the request's Host (`hostAllowlist`). */
	isAllowedHost: (host: string | undefined) => boolean;
	trustProxy: boolean;
	extraHttp?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

function isLoopbackAddress(address: string): boolean {
	const bare = address.replace(/^::ffff:/i, '');
	return bare === '::1' || (isIPv4(bare) && bare.startsWith('127.'));
}

/**
 * A request from this machine itself: its address is loopback and, unless a trusted proxy
 * vouches for the address, no proxy forwarded it (a proxy on this machine connects from
 * loopback on behalf of anyone).
 */
function isLocalRequest(req: IncomingMessage, trustProxy: boolean): boolean {
	if (!isLoopbackAddress(clientAddress(req, trustProxy))) return false;
	return trustProxy || FORWARDING_HEADERS.every((name) => req.headers[name] === undefined);
}

/**
 * `ok` for anyone; the room and client counts only for this machine (a monitor on it), with
 * what the hub keeps in memory by kind (`retained`): a soak or churn test checks it returns to 0.
 */
function answerHealth(req: IncomingMessage, res: ServerResponse, options: RequestHandlerOptions): void {
	if (!isLocalRequest(req, options.trustProxy)) {
		res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
		res.end('ok\n');
		return;
	}
	const hub = options.hub();
	const { rooms, clients } = hub.stats();
	res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
	res.end(JSON.stringify({ ok: true, rooms, clients, retained: hub.retained() }));
}

/**
 * Every HTTP request: security headers, the Host check, then `/healthz`, `extraHttp`, the method
 * check, the SPA.
 */
export function requestHandler(
	options: RequestHandlerOptions
): (req: IncomingMessage, res: ServerResponse) => void {
	const { site, responseHeaders, extraHttp } = options;
	return (req, res) => {
		for (const [name, value] of Object.entries(responseHeaders(req))) res.setHeader(name, value);
		if (!options.isAllowedHost(req.headers.host)) {
			res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
			res.end('This server does not answer to that host name.\n');
			return;
		}
		const readOnly = req.method === 'GET' || req.method === 'HEAD';
		if (readOnly && (req.url ?? '/').split('?', 1)[0] === '/healthz') return answerHealth(req, res, options);
		if (extraHttp?.(req, res)) return;
		if (!readOnly) {
			res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Method not allowed\n');
			return;
		}
		site.serve(req, res);
	};
}
