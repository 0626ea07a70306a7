import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sends the app's HTML as sirv sends files: `no-cache` (the page names this build's files, so a
 * browser asks again each time), an ETag that a revalidation with `If-None-Match` answers with
 * 304, and no body for HEAD.
 */
export function servePage(req: IncomingMessage, res: ServerResponse, html: string): void {
	const body = Buffer.from(html, 'utf8');
	const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
	res.setHeader('Cache-Control', 'no-cache');
	res.setHeader('ETag', etag);
	if (req.headers['if-none-match'] === etag) {
		res.writeHead(304);
		res.end();
		return;
	}
	res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
	res.end(req.method === 'HEAD' ? undefined : body);
}
