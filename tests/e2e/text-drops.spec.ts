import { test, expect } from './support/fixtures';
import { inDrops, outDrops, room, SCREEN_WIDTHS, sealedInNewRoom } from './support/room-steps';
import { arrivedDrops, openWithKeysSent, sealedBytes } from './support/sealed-bytes';
import type { Page } from '@playwright/test';

// Issue 16: a view-once text is a drop like a photo: sealed, counted, timed and wiped.

async function sendText(page: Page, text: string): Promise<void> {
	await page.getByTestId('text-input').fill(text);
	await page.getByTestId('send-text').click();
	await expect(page.getByTestId('text-input')).toHaveValue('');
}

const SECRET = 'correct horse battery staple\nline two: ünïcødé ✓';

test('a text is sealed, revealed in viewer-text, then destroyed; only the granted key opens it', async ({
	openDevice
}) => {
	const { alice, bob, card } = await sealedInNewRoom(openDevice, (page) => sendText(page, SECRET));
	await expect(card).toContainText(`Text from ${alice.name}`);
	await expect(card.getByTestId('viewer-text')).toHaveCount(0);
	const [before] = await arrivedDrops(bob.page);
	expect(before!.header.kind).toBe('text');
	expect(before!.keys).toEqual([]);
	expect(sealedBytes(before!).includes(Buffer.from('horse'))).toBe(false);

	await card.getByTestId('reveal').click();
	const shown = card.getByTestId('viewer').getByTestId('viewer-text');
	await expect(shown).toHaveText(SECRET, { useInnerText: true });
	await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute('data-status', 'viewed');
	// Nothing but the viewer holds it: not the card's title, not the page's other text.
	expect(await bob.page.locator('body').innerText()).toContain('horse');
	await card.getByTestId('close').click();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	await expect(card.getByTestId('viewer-text')).toHaveCount(0);
	expect(await bob.page.locator('body').innerText()).not.toContain('horse');
	await expect(outDrops(alice.page).first().getByTestId('receipt')).toHaveAttribute(
		'data-status',
		'destroyed'
	);
	const [after] = await arrivedDrops(bob.page);
	expect(new TextDecoder().decode((await openWithKeysSent(after!))!)).toBe(SECRET);
});

test('a text ends the moment the window loses focus', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await sendText(alice.page, 'hidden on blur');
	const card = inDrops(bob.page).first();
	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer-text')).toHaveText('hidden on blur');
	await bob.page.evaluate(() => window.dispatchEvent(new Event('blur')));
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	await expect(card.getByTestId('viewer-text')).toHaveCount(0);
});

test('views = 2 among three recipients: the third never receives a key, and finds the text expired', async ({
	openDevice
}) => {
	const [alice, bob, carol, dave] = await room(openDevice, 4);
	await alice.page.getByTestId('opt-views').selectOption('2');
	await sendText(alice.page, 'for two of you');
	for (const d of [bob, carol, dave])
		await expect(inDrops(d.page).first()).toHaveAttribute('data-state', 'sealed');
	for (const d of [bob, carol]) {
		const card = inDrops(d.page).first();
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer-text')).toHaveText('for two of you');
		await card.getByTestId('close').click();
		await expect(card).toHaveAttribute('data-state', 'destroyed');
	}
	await expect(inDrops(dave.page).first()).toHaveAttribute('data-state', 'expired');
	const [daves] = await arrivedDrops(dave.page);
	expect(daves!.keys).toEqual([]);
	expect(await openWithKeysSent(daves!)).toBeNull();
});

test('a text with <script> shows as plain text, and no script runs', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>';
	await sendText(alice.page, hostile);
	const card = inDrops(bob.page).first();
	await card.getByTestId('reveal').click();
	const shown = card.getByTestId('viewer-text');
	await expect(shown).toHaveText(hostile);
	expect(await shown.evaluate((el) => el.children.length)).toBe(0);
	expect(await bob.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
	await card.getByTestId('close').click();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
});

for (const [label, viewport] of SCREEN_WIDTHS) {
	test(`the text viewer at ${label} width fits the screen`, async ({ openDevice }) => {
		const [alice, bob] = await room(openDevice, 2, { context: { viewport } });
		await sendText(alice.page, 'Wi-Fi: Blue-Heron-5G\nPassword: 7fJ#kq2!mZ-vR9x');
		const card = inDrops(bob.page).first();
		await card.getByTestId('reveal').click();
		await expect(card.getByTestId('viewer-text')).toBeVisible();
		const overflow = await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await bob.page.screenshot({ path: `test-results/screens/${label}-text-viewer.png`, fullPage: true });
		await alice.page.screenshot({ path: `test-results/screens/${label}-text-sender.png`, fullPage: true });
	});
}
