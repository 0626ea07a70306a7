import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// sirv's rule for what falls back to the SPA: a path whose last segment has no extension.
const HAS_EXTENSION = /\/[A-Za-z\s\d~$._-]+\.\w+$/;

function decodedPath(url: string | undefined): string {
	const pathname = (url ?? '/').split(/[?#]/, 1)[0] ?? '/';
	try {
		return decodeURI(pathname);
	} catch {
		return pathname;
	}
}

/** Whether `url` is answered with the app's page (index.html, tailored to the request). */
export function isPageRequest(url: string | undefined): boolean {
	const path = decodedPath(url);
	return path === '/index.html' || !HAS_EXTENSION.test(path);
}

/**
 * Sends the page: revalidated on every load, and varying with the cookies it was tailored to.
 * The ETag is the body's own hash, so each variant gets its own 304.
 */
export function sendPage(req: IncomingMessage, res: ServerResponse, html: string): void {
	const body = Buffer.from(html, 'utf8');
	const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
	res.setHeader('Cache-Control', 'no-cache');
	// The language and the theme come from these: a cache must not hand one person's page to another.
	res.setHeader('Vary', 'Cookie, Accept-Language');
	res.setHeader('ETag', etag);
	if (req.headers['if-none-match'] === etag) {
		res.writeHead(304);
		res.end();
		return;
	}
	res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
	res.end(req.method === 'HEAD' ? undefined : body);
}
