import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json'
};

export interface StaticServer {
	url: string;
	close(): Promise<void>;
}

/** Serves one directory on 127.0.0.1 (a secure context, like localhost): the bench pages only. */
export async function serveDirectory(dir: string): Promise<StaticServer> {
	const server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		const file = normalize(join(dir, path === '/' ? 'index.html' : path));
		let size = -1;
		if (file.startsWith(dir + sep)) {
			try {
				const st = statSync(file);
				if (st.isFile()) size = st.size;
			} catch {
				size = -1;
			}
		}
		if (size < 0) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, {
			'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
			'Content-Length': size,
			'Cache-Control': 'no-store'
		});
		createReadStream(file).pipe(res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
