import { test, expect } from './support/fixtures';
import { startTamperingProxy } from './support/tampering-proxy';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, joinNewRoom, outDrops, sendPhoto } from './support/room-steps';

for (const tamper of [false, true]) {
	test(`a server that ${tamper ? 'alters sealed signals (to swap DTLS fingerprints) is caught' : 'relays faithfully connects (control)'}`, async ({
		openDevice,
		server
	}) => {
		const proxy = await startTamperingProxy(server, tamper);
		try {
			const [alice, bob] = await joinNewRoom(openDevice, 2, { context: { baseURL: proxy.url } });
			if (!tamper) {
				await expectPeer(alice.page, bob.name, 'ready');
				await expectPeer(bob.page, alice.name, 'ready');
				expect(proxy.rewritten()).toBe(0);
				// Sealed: there was no fingerprint to be found, let alone swapped.
				expect(proxy.fingerprintsSeen()).toBe(0);
				return;
			}
			await expectPeer(alice.page, bob.name, 'failed');
			await expectPeer(bob.page, alice.name, 'failed');
			expect(proxy.rewritten()).toBeGreaterThan(0);
			expect(proxy.fingerprintsSeen()).toBe(0);
			for (const d of [alice, bob]) {
				await expect(
					d.page.getByRole('alert').filter({ hasText: 'Could not verify this device' })
				).toBeVisible();
			}
			// Nothing reaches the other side: no peer was ever ready, no byte crossed a data channel.
			await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
			// The drop waits for a verified device; the failed one is never a recipient.
			await expect(outDrops(alice.page).first()).toHaveAttribute('data-state', 'sending');
			await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveCount(0);
			await expect(inDrops(bob.page)).toHaveCount(0);
			for (const d of [alice, bob]) {
				expect(await d.page.evaluate(() => window.__tap.chunks)).toBe(0);
				expect(await d.page.evaluate(() => window.__tap.opened)).toBe(0);
			}
		} finally {
			await proxy.close();
		}
	});
}
