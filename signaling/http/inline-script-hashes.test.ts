import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from './inline-script-hashes';
import { contentSecurityPolicy, isWorkerScript } from './security-headers';

function sha(text: string): string {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('inlineScriptHashes', () => {
	it('hashes the exact body of inline scripts, including whitespace', () => {
		const body = '\n\t\t\t{\n\t\t\t\t__sveltekit_x = { base: "" };\n\t\t\t}\n\t\t';
		const html = `<!doctype html><html><head><script type="module">${body}</script></head></html>`;
		expect(inlineScriptHashes(html)).toEqual([sha(body)]);
	});

	it('hashes non-ASCII text as UTF-8', () => {
		expect(inlineScriptHashes('<script>const s = "é✓";</script>')).toEqual([sha('const s = "é✓";')]);
	});

	it('skips scripts with src, empty scripts and data blocks', () => {
		const html = [
			'<script src="/app.js"></script>',
			"<SCRIPT defer SRC='/b.js'>ignored()</SCRIPT>",
			'<script></script>',
			'<script type="application/json">{"a":1}</script>',
			'<script data-src="x">run()</script>',
			'<script type="text/javascript">two()</script>'
		].join('\n');
		expect(inlineScriptHashes(html)).toEqual([sha('run()'), sha('two()')]);
	});

	it('lists a repeated script once', () => {
		expect(inlineScriptHashes('<script>a()</script><script>a()</script>')).toEqual([sha('a()')]);
	});

	it('finds nothing in a page without inline scripts', () => {
		expect(inlineScriptHashes('<html><body>hi</body></html>')).toEqual([]);
	});
});

describe('contentSecurityPolicy', () => {
	it('adds the hashes and same-host sockets', () => {
		const csp = contentSecurityPolicy('example.org:3000', ["'sha256-abc'"]);
		expect(csp).toContain("script-src 'self' 'sha256-abc';");
		expect(csp).toContain("connect-src 'self' ws://example.org:3000 wss://example.org:3000");
		// Only style-src may be unsafe-inline.
		expect(csp.match(/'unsafe-inline'/g)).toHaveLength(1);
		expect(csp).toContain("style-src 'self' 'unsafe-inline'");
	});

	it('leaves out a Host header that could inject directives', () => {
		const csp = contentSecurityPolicy("evil; script-src 'unsafe-inline'", []);
		expect(csp).not.toContain('evil');
		expect(csp).toContain("connect-src 'self' blob:");
	});

	it("lets only the app's worker scripts compile WebAssembly, never evaluate script", () => {
		expect(contentSecurityPolicy('h', [])).not.toContain('wasm-unsafe-eval');
		const worker = contentSecurityPolicy('h', [], { wasm: true });
		expect(worker).toContain("script-src 'self' 'wasm-unsafe-eval';");
		expect(worker).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*;[^;]*script/);
		expect(isWorkerScript('/_app/immutable/workers/prepare-photo.worker-CxuBK8nh.js')).toBe(true);
		expect(isWorkerScript('/_app/immutable/workers/chunks/C0rCOIwD.js?v=1')).toBe(true);
		for (const url of [
			'/',
			'/r/abc',
			'/_app/immutable/entry/start.js',
			'/_app/immutable/workers/../x.js.map'
		]) {
			expect(isWorkerScript(url), url).toBe(false);
		}
	});

	it('accepts bracketed IPv6 hosts', () => {
		expect(contentSecurityPolicy('[fd00::1]:3000', [])).toContain('ws://[fd00::1]:3000');
	});
});
