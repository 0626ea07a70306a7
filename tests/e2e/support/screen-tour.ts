import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { fixturePath } from '../../support/fixtures';
import { catalogMessages } from './message-catalog';
import { createPrivateRoom, inDrops, joinRoom, outDrops, selfName, sendPhoto } from './room-steps';

/** The screens of `screenTour`, in the order it shows them. */
export type TourScreen =
	| 'home'
	| 'room-alone'
	| 'room-with-peer'
	| 'options'
	| 'alert'
	| 'sealed'
	| 'viewer'
	| 'destroyed'
	| 'receipts';

/**
 * What a spec checks on one screen. It may change the theme, but leaves the page showing the
 * same screen.
 */
export type AtScreen = (page: Page, screen: TourScreen) => Promise<void>;

/** A file named like a photo that is not one: what makes the alert screen's alert. */
function notAPhoto(): string {
	const file = join(mkdtempSync(join(tmpdir(), 'vanishdrop-tour-')), 'holiday.jpg');
	writeFileSync(file, 'This is a text file pretending to be a photo.\n'.repeat(50));
	return file;
}

/**
 * Walks the screens a person meets, calling `atEachScreen` with the page that shows each: the
 * home page; `alice`'s new room, alone, then with `bob` in it; its send options opened; the
 * alert for a file that is not a photo; `bob`'s sealed card, its viewer, the card destroyed; and
 * `alice`'s receipt that says so. It finds its way by test ids and the page's own language
 * (html[lang]), so it walks a page in any language.
 */
export async function screenTour(alice: Page, bob: Page, atEachScreen: AtScreen): Promise<void> {
	await alice.goto('/');
	await atEachScreen(alice, 'home');

	const link = await createPrivateRoom(alice);
	await selfName(alice);
	await atEachScreen(alice, 'room-alone');

	await joinRoom(alice, bob, link);
	await atEachScreen(alice, 'room-with-peer');

	// "More options", the room page's one disclosure (found without its words, which change with
	// the language); what it holds loads when it is first opened.
	const more = alice.locator('details');
	await expect(more).toHaveCount(1);
	await more.locator('summary').click();
	await expect(more).toHaveAttribute('open');
	await expect(alice.getByTestId('opt-hold')).toBeVisible();
	await atEachScreen(alice, 'options');
	// Closed again: the screens after this one look as they do for someone who never opened it.
	await more.locator('summary').click();
	await expect(more).not.toHaveAttribute('open');

	const lang = (await alice.locator('html').getAttribute('lang')) ?? 'en';
	const notAPhotoText = catalogMessages(lang).get('prepare_error_not_an_image')!;
	await sendPhoto(alice, notAPhoto());
	const alert = alice.getByRole('alert').filter({ hasText: notAPhotoText });
	await expect(alert).toBeVisible();
	await atEachScreen(alice, 'alert');
	await alert.getByRole('button').click();
	await expect(alert).toHaveCount(0);

	// A view long enough for a spec's checks in the viewer, in every theme, on a busy machine.
	await alice.getByTestId('opt-seconds').selectOption('60');
	await sendPhoto(alice, fixturePath('DSCN0010.jpg'));
	const card = inDrops(bob).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await atEachScreen(bob, 'sealed');

	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	await atEachScreen(bob, 'viewer');

	await card.getByTestId('close').click();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
	await atEachScreen(bob, 'destroyed');

	await expect(outDrops(alice).first().getByTestId('receipt')).toHaveAttribute('data-status', 'destroyed');
	await atEachScreen(alice, 'receipts');
}

/**
 * A screen's name in the layout specs' screenshots (`screenshots`, `languages`), which called the
 * room with a peer `room` before the tour had the room alone.
 */
export function layoutShotName(screen: TourScreen): string {
	return screen === 'room-with-peer' ? 'room' : screen;
}

/** Nothing on `page` sticks out past the viewport's right or left edge. */
export async function expectNoHorizontalOverflow(page: Page, screen: string): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow, `${screen} overflows horizontally`).toBeLessThanOrEqual(0);
}
