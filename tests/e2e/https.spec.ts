import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, startTestServer } from './support/fixtures';
import { createPrivateRoom, fixture, inDrops, outDrops, sendPhoto, joinRoom } from './support/room-steps';
import { ensureSelfSignedCertificate } from '../../signaling/http/tls-certificate';

test('over HTTPS and WSS on one port, a drop works end to end in a secure context', async ({
	openDevice
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-tls-'));
	const { cert, key } = await ensureSelfSignedCertificate({ dir, ipAddresses: [] });
	const running = await startTestServer({ tls: { cert, key } });
	try {
		expect(running.server.url.startsWith('https://')).toBe(true);
		const context = { baseURL: running.server.url, ignoreHTTPSErrors: true };
		const alice = await openDevice({ context });
		const bob = await openDevice({ context });
		const link = await createPrivateRoom(alice.page);
		expect(link.startsWith('https://')).toBe(true);
		expect(await alice.page.evaluate(() => isSecureContext)).toBe(true);
		await joinRoom(alice.page, bob.page, link);
		await sendPhoto(alice.page, fixture('DSCN0010.jpg'));
		const card = inDrops(bob.page).first();
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
		await card.getByTestId('close').click();
		await expect(card).toHaveAttribute('data-state', 'destroyed');
		await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute(
			'data-status',
			'destroyed'
		);
	} finally {
		await running.close();
		rmSync(dir, { recursive: true, force: true });
	}
});
