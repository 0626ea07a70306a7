import type { Page } from '@playwright/test';

/** The ids of the newest card of each direction, before a round: the round waits for new ones. */
export interface SoakCursor {
	lastOut: string | null;
	lastIn: string | null;
}

const TIMEOUT = 60_000;

/** The newest card's id of a direction whose id is not `previous`, once in one of `states`. */
async function newCard(
	page: Page,
	direction: 'in' | 'out',
	previous: string | null,
	states: readonly string[]
): Promise<string> {
	const handle = await page.waitForFunction(
		([dir, prev, wanted]) => {
			const el = document.querySelector(`[data-testid="drop"][data-direction="${dir}"]`);
			const id = el?.getAttribute('data-drop-id');
			if (!el || !id || id === prev) return false;
			return wanted.includes(el.getAttribute('data-state') ?? '') ? id : false;
		},
		[direction, previous, states] as const,
		{ timeout: TIMEOUT, polling: 50 }
	);
	return (await handle.jsonValue()) as string;
}

function card(page: Page, direction: 'in' | 'out', id: string) {
	return page.locator(`[data-testid="drop"][data-direction="${direction}"][data-drop-id="${id}"]`);
}

/**
 * One drop of the soak through the real UI, as a person does it: `sender` chooses `photo` in
 * `file-input` (the default options: one view); `recipient` reveals it once it is sealed, waits
 * for the picture on the canvas and closes it; done once the sender's card says `done`. Leaves
 * nothing in either page (no recorder), so the pages' own growth is what the soak measures.
 */
export async function soakRound(
	sender: Page,
	recipient: Page,
	photo: string,
	cursor: SoakCursor
): Promise<SoakCursor> {
	await sender.getByTestId('file-input').setInputFiles(photo);
	const inId = await newCard(recipient, 'in', cursor.lastIn, ['sealed']);
	const incoming = card(recipient, 'in', inId);
	await incoming.getByTestId('reveal').click();
	await incoming.locator('[data-testid="viewer"] canvas[data-drawn="true"]').waitFor({ timeout: TIMEOUT });
	await incoming.getByTestId('close').click();
	await newCard(recipient, 'in', cursor.lastIn, ['destroyed']);
	const outId = await newCard(sender, 'out', cursor.lastOut, ['done']);
	return { lastOut: outId, lastIn: inId };
}
