import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, outDrops, room, selfName, sendPhoto } from './support/room-steps';
import { focusRing, focused, tabTo } from './support/a11y-checks';
import type { Page } from '@playwright/test';

const SOLID_RING = /^solid [1-9]/;

/** The element around the viewer (it takes the focus on reveal) holds the focus. */
async function focusIsOnViewer(page: Page): Promise<boolean> {
	return page.evaluate(() => {
		const el = document.activeElement;
		return !!el && el.querySelector('[data-testid="viewer"]') !== null;
	});
}

test('keyboard only: create a room, copy the link, send a photo with the file input, reveal and close', async ({
	openDevice
}) => {
	const alice = await openDevice({ context: { permissions: ['clipboard-read', 'clipboard-write'] } });
	const bob = await openDevice();
	const a = alice.page;
	const b = bob.page;

	await a.goto('/');
	await tabTo(a, a.getByTestId('create-room'));
	expect(await focusRing(a)).toMatch(SOLID_RING);
	await a.keyboard.press('Enter');
	await expect(a).toHaveURL(/\/r\//);
	await expect(a.getByRole('heading', { level: 1 })).toHaveText('Private room');

	await tabTo(a, a.getByTestId('share'));
	await a.keyboard.press('Enter');
	await expect(a.getByTestId('share')).toHaveText('Copied');
	const link = await a.evaluate(() => navigator.clipboard.readText());
	expect(link).toBe(await a.getByTestId('room-link').inputValue());

	await b.goto(link);
	await expectPeer(a, await selfName(b));

	// Waiting for the chooser turns on its interception, which takes a round trip to the browser:
	// started just before Space, a loaded machine can open the chooser first, unseen (a CI flake).
	const chooser = a.waitForEvent('filechooser');
	await tabTo(a, a.getByTestId('file-input'));
	expect(await focusRing(a), 'the file button shows the focus').toMatch(SOLID_RING);
	await a.screenshot({ path: 'test-results/screens/a11y-focus-file-input.png' });
	await a.keyboard.press('Space');
	await (await chooser).setFiles(fixturePath('DSCN0010.jpg'));

	const card = inDrops(b).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await tabTo(b, card.getByTestId('reveal'));
	expect(await focusRing(b)).toMatch(SOLID_RING);
	await b.keyboard.press('Enter');
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	expect(await focusIsOnViewer(b), 'focus moves to the viewer on reveal').toBe(true);
	await b.screenshot({ path: 'test-results/screens/a11y-focus-viewer.png' });

	await tabTo(b, card.getByTestId('close'), 5);
	await b.keyboard.press('Enter');
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	expect(await focused(b), 'focus goes back to the card').toBe('drop');
	expect(await focusRing(b)).toMatch(SOLID_RING);
	await b.screenshot({ path: 'test-results/screens/a11y-focus-card.png' });
	await expect(outDrops(a).first().getByTestId('receipt')).toHaveAttribute('data-status', 'destroyed');
});

test('Escape closes a view, and focus comes back to its card', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await card.getByTestId('reveal').focus();
	await bob.page.keyboard.press('Enter');
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	await bob.page.keyboard.press('Escape');
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	expect(await focused(bob.page)).toBe('drop');
});

test('hold to view with the keyboard: the picture shows only while Space is held', async ({ openDevice }) => {
	const [alice, bob] = await room(openDevice, 2);
	await alice.page.getByText('More options').click();
	await alice.page.getByTestId('opt-hold').check();
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));

	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await card.getByTestId('reveal').focus();
	await bob.page.keyboard.press('Enter');
	const canvas = card.getByTestId('viewer').locator('canvas[data-drawn="true"]');
	await expect(canvas).toBeVisible();
	await expect(canvas).toHaveClass(/hidden/);
	expect(await focusIsOnViewer(bob.page)).toBe(true);

	await bob.page.keyboard.down('Space');
	await expect(canvas).not.toHaveClass(/hidden/);
	await expect(card).toHaveAttribute('data-state', 'viewing');
	await bob.page.keyboard.up('Space');
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	expect(await focused(bob.page)).toBe('drop');
});

test('the live region says what happens: peers, an arrival, the countdown, the end, the receipts', async ({
	openDevice
}) => {
	const [alice, bob, carol] = await room(openDevice, 3);
	const heard = (page: Page) => page.getByTestId('live-announcer');
	await expect(heard(bob.page)).toContainText(`${alice.name} is connected and ready.`);
	await expect(heard(alice.page)).toContainText(`${bob.name} is connected and ready.`);

	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob.page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await expect(heard(bob.page)).toContainText(`A photo from ${alice.name} arrived, sealed.`);
	await expect(heard(alice.page)).toContainText(`${bob.name} received your photo.`);

	await card.getByTestId('reveal').click();
	await expect(heard(bob.page)).toContainText('Showing for 10 seconds.');
	await expect(heard(alice.page)).toContainText(`${bob.name} is viewing your photo.`);
	await expect(heard(bob.page)).toContainText('5 seconds left.');
	// Not every tick: nothing between the start and the last seconds.
	await expect(heard(bob.page)).not.toContainText('9 seconds');
	await card.getByTestId('close').click();
	await expect(heard(bob.page)).toContainText(`The photo from ${alice.name} was destroyed.`);
	await expect(heard(alice.page)).toContainText(`${bob.name} viewed your photo; their copy is destroyed.`);

	await carol.page.close();
	await expect(heard(alice.page)).toContainText(`${carol.name} left.`);
});

test('prefers-reduced-motion: no transitions', async ({ openDevice }) => {
	const [alice] = await room(openDevice, 1);
	const zone = alice.page.locator('section.zone');
	const duration = () => zone.evaluate((el) => getComputedStyle(el).transitionDuration);
	await alice.page.emulateMedia({ reducedMotion: 'no-preference' });
	expect(await duration()).not.toMatch(/^0s(, 0s)*$/);
	await alice.page.emulateMedia({ reducedMotion: 'reduce' });
	expect(await duration()).toMatch(/^0s(, 0s)*$/);
});
