import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { createPrivateRoom, expectPeer, selfName, sendPhoto, viewOnceAndReceipt } from './support/room-steps';

// A phone opening http://192.168.x.y:3000 gets no secure context: no crypto.subtle, no
// randomUUID, no clipboard API. The whole story must still work, under the strict CSP.
test('the core story works on a plain-http LAN name, with no CSP violation', async ({
	openDevice,
	server
}) => {
	const origin = `http://lan.test:${server.port}`;
	const devices = [];
	for (let i = 0; i < 2; i++) {
		const d = await openDevice({
			args: ['--host-resolver-rules=MAP lan.test 127.0.0.1'],
			context: { baseURL: origin }
		});
		await d.page.addInitScript(() => {
			(window as unknown as { __violations: string[] }).__violations = [];
			document.addEventListener('securitypolicyviolation', (e) =>
				(window as unknown as { __violations: string[] }).__violations.push(
					`${e.violatedDirective} ${e.blockedURI}`
				)
			);
		});
		devices.push(d);
	}
	const [alice, bob] = devices as [(typeof devices)[0], (typeof devices)[0]];
	const link = await createPrivateRoom(alice.page);
	expect(link.startsWith(origin)).toBe(true);
	const context = await alice.page.evaluate(() => ({
		secure: isSecureContext,
		subtle: typeof crypto.subtle
	}));
	expect(context).toEqual({ secure: false, subtle: 'undefined' });

	await bob.page.goto(link);
	const bobName = await selfName(bob.page);
	await expectPeer(alice.page, bobName);
	await expect(alice.page.locator('[data-testid="peer"]')).toContainText('verified');
	await expect(alice.page.getByTestId('safety-code')).toHaveText(/^\d{3} \d{3}$/);
	// Both screens show the same safety code.
	expect(await alice.page.getByTestId('safety-code').textContent()).toBe(
		await bob.page.getByTestId('safety-code').textContent()
	);

	await sendPhoto(alice.page, fixturePath('HMD_Nokia_8.3_5G.jpg'));
	await viewOnceAndReceipt(bob.page, alice.page);

	for (const d of [alice, bob]) {
		expect(
			await d.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)
		).toEqual([]);
		expect(d.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
	}
});

test('every response carries the security headers', async ({ server }) => {
	for (const path of ['/', '/r/abc', '/healthz', '/favicon.svg', '/no-such-file.js']) {
		const res = await fetch(`${server.url}${path}`);
		const h = res.headers;
		const csp = h.get('content-security-policy') ?? '';
		expect(csp, path).toContain("default-src 'self'");
		expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/);
		expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
		expect(csp, path).toContain("frame-ancestors 'none'");
		expect(csp, path).toMatch(/connect-src 'self'[^;]*ws:\/\/127\.0\.0\.1:\d+/);
		expect(h.get('referrer-policy'), path).toBe('no-referrer');
		expect(h.get('x-content-type-options'), path).toBe('nosniff');
		expect(h.get('cross-origin-opener-policy'), path).toBe('same-origin');
		expect(h.get('permissions-policy'), path).toBeTruthy();
	}
});
