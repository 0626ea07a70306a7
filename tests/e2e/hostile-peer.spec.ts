import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { dropHeader, joinAsMember, sendFrames, type Frame } from './support/hostile-member';
import { expectPeer, inDrops, room, sendPhoto } from './support/room-steps';

// A peer inside the room (it has the link) that speaks the transfer protocol with lies. The test
// drives a real app page and writes on its real data channel.

/** A drop header that says `size` bytes, with a hash nothing will match. */
const header = (size: number) =>
	dropHeader({
		id: 'H'.repeat(21) + String(Math.floor(Math.random() * 10)),
		stream: 7,
		size,
		sha256: '0'.repeat(64)
	});
const chunk = (stream: number, bytes: number): Frame => ({ stream, bytes });

// Mallory lies to everyone she is connected to.
const LIES: [string, () => Frame[]][] = [
	['a header over the 50 MB cap', () => [header(50_000_001)]],
	['more bytes than the header said', () => [header(1000), chunk(7, 65536)]],
	['fewer bytes, then a short chunk mid-drop', () => [header(300000), chunk(7, 65536), chunk(7, 10)]],
	['a wrong hash', () => [header(10), chunk(7, 10)]],
	['chunks for an unknown drop', () => [chunk(4242, 100)]],
	[
		'a flood of small messages',
		() => [header(50_000_000), ...Array.from({ length: 2000 }, () => chunk(7, 3))]
	],
	['garbage bytes', () => [{ raw: [1, 2] }, '{"t":']],
	[
		'a receipt for a drop it never got',
		() => [JSON.stringify({ t: 'receipt', id: 'A'.repeat(22), status: 'viewed', at: Date.now() })]
	]
];

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
	for (const [what, frames] of LIES) {
		await test.step(what, async () => {
			const page = await malloryBrowser.page.context().newPage();
			const malloryName = await joinAsMember(page, joined.link, alice);
			await sendFrames(page, frames());
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
