import { fixturePath } from '../support/fixtures';
import { APP_BUILD_DIR, startTestServer } from '../support/test-server';
import { testCertificate } from '../support/tls';
import { test, expect } from './support/fixtures';
import { createPrivateRoom, joinRoom, sendPhoto, viewOnceAndReceipt } from './support/room-steps';

test('over HTTPS and WSS on one port, a drop works end to end in a secure context', async ({
	openDevice
}) => {
	const certificate = await testCertificate();
	const running = await startTestServer({
		staticDir: APP_BUILD_DIR,
		tls: { cert: certificate.cert, key: certificate.key }
	});
	try {
		expect(running.url.startsWith('https://')).toBe(true);
		const context = { baseURL: running.url, ignoreHTTPSErrors: true };
		const alice = await openDevice({ context });
		const bob = await openDevice({ context });
		const link = await createPrivateRoom(alice.page);
		expect(link.startsWith('https://')).toBe(true);
		expect(await alice.page.evaluate(() => isSecureContext)).toBe(true);
		await joinRoom(alice.page, bob.page, link);
		await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
		await viewOnceAndReceipt(bob.page, alice.page);
	} finally {
		await running.close();
		certificate.remove();
	}
});
