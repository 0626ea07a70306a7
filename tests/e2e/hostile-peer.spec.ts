import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, room, selfName, sendPhoto } from './support/room-steps';

// A peer inside the room (it has the link) that speaks the transfer protocol with lies. The test
// drives a real app page and writes on its real data channel.

const LIES = [
	'a header over the 50 MB cap',
	'more bytes than the header said',
	'fewer bytes, then a short chunk mid-drop',
	'a wrong hash',
	'chunks for an unknown drop',
	'a flood of small messages',
	'garbage bytes',
	'a receipt for a drop it never got'
] as const;

async function lie(page: Page, what: (typeof LIES)[number]): Promise<void> {
	// The page's CSP forbids eval, so each lie is spelled out here.
	await page.evaluate((what) => {
		// Mallory lies to everyone she is connected to.
		const channels = window.__tap.channels.filter((c) => c.readyState === 'open');
		const header = (size: number) =>
			JSON.stringify({
				t: 'drop',
				id: 'H'.repeat(21) + String(Math.floor(Math.random() * 10)),
				stream: 7,
				kind: 'photo',
				mime: 'image/jpeg',
				size,
				sha256: '0'.repeat(64),
				width: 10,
				height: 10,
				options: { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600000, caption: '' }
			});
		const chunk = (stream: number, n: number) => {
			const b = new Uint8Array(4 + n);
			new DataView(b.buffer).setUint32(0, stream);
			return b;
		};
		for (const ch of channels) {
			switch (what) {
				case 'a header over the 50 MB cap':
					ch.send(header(50_000_001));
					break;
				case 'more bytes than the header said':
					ch.send(header(1000));
					ch.send(chunk(7, 65536));
					break;
				case 'fewer bytes, then a short chunk mid-drop':
					ch.send(header(300000));
					ch.send(chunk(7, 65536));
					ch.send(chunk(7, 10));
					break;
				case 'a wrong hash':
					ch.send(header(10));
					ch.send(chunk(7, 10));
					break;
				case 'chunks for an unknown drop':
					ch.send(chunk(4242, 100));
					break;
				case 'a flood of small messages':
					ch.send(header(50_000_000));
					for (let i = 0; i < 2000; i++) ch.send(chunk(7, 3));
					break;
				case 'garbage bytes':
					ch.send(new Uint8Array([1, 2]));
					ch.send('{"t":');
					break;
				case 'a receipt for a drop it never got':
					ch.send(JSON.stringify({ t: 'receipt', id: 'A'.repeat(22), status: 'viewed', at: Date.now() }));
					break;
			}
		}
	}, what);
}

test('a lying peer is marked failed; the victim, its other peers and drops carry on', async ({
	openDevice
}) => {
	const joined = await room(openDevice, 2);
	const [alice, carol] = joined;

	// A drop from honest Carol is waiting, sealed, while the lies come in.
	await sendPhoto(carol.page, fixturePath('DSCN0010.jpg'));
	const fromCarol = inDrops(alice.page).filter({ hasText: `Photo from ${carol.name}` });
	await expect(fromCarol).toHaveAttribute('data-state', 'sealed');

	const malloryBrowser = await openDevice();
	for (const what of LIES) {
		await test.step(what, async () => {
			const page = await malloryBrowser.page.context().newPage();
			await page.goto(joined.link);
			const malloryName = await selfName(page);
			await expectPeer(alice.page, malloryName, 'ready');
			await expectPeer(page, await selfName(alice.page), 'ready');
			await lie(page, what);
			await expectPeer(alice.page, malloryName, 'failed');
			await expect(
				alice.page.getByRole('alert').filter({ hasText: `${malloryName} sent data that breaks the protocol` })
			).toBeVisible();
			await expectPeer(alice.page, carol.name, 'ready');
			await page.close();
		});
	}

	// Carol's drop survived all of it, and a new one still goes through.
	await fromCarol.getByTestId('reveal').click();
	await expect(fromCarol.getByTestId('viewer').locator('canvas')).toBeVisible();
	await fromCarol.getByTestId('close').click();
	await expect(fromCarol).toHaveAttribute('data-state', 'destroyed');
	await sendPhoto(carol.page, fixturePath('Canon_40D.jpg'));
	await expect(inDrops(alice.page).first()).toHaveAttribute('data-state', 'sealed');
	for (const card of await inDrops(alice.page).all()) {
		expect(['sealed', 'destroyed', 'failed']).toContain(await card.getAttribute('data-state'));
	}
});
