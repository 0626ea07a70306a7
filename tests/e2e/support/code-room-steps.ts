import { expect, type Page } from '@playwright/test';

/** Home page -> Create code room; returns the code the page shows, once the room is joined. */
export async function createCodeRoom(page: Page): Promise<string> {
	await page.goto('/');
	await page.getByTestId('create-code-room').click();
	const code = page.getByTestId('room-code');
	await expect(code).toHaveText(/^[1-9][0-9]*-[a-z]+-[a-z]+$/);
	await expect(page.getByTestId('self-name')).toHaveAttribute('data-settled', 'true');
	return (await code.textContent())!.trim();
}

/** Home page -> types `typed` into the code field -> Join. */
export async function typeCode(page: Page, typed: string): Promise<void> {
	await page.goto('/');
	await page.getByTestId('code-input').fill(typed);
	await page.getByTestId('join-code').click();
}

/** The same code as a person might type it: capitals, spaces and dots instead of dashes. */
export function retyped(code: string): string {
	const [nameplate, first, second] = code.split('-');
	return ` ${nameplate}  ${first!.toUpperCase()}.${second![0]!.toUpperCase()}${second!.slice(1)} `;
}

/** A code with the same nameplate and other words (never the right ones): someone guessing. */
export function wrongCode(code: string, guess: number): string {
	const [nameplate, , second] = code.split('-');
	const first = ['acid', 'bacon', 'cable', 'daisy'][guess % 4]!;
	return `${nameplate}-${first}-${second === 'zoom' ? 'zone' : 'zoom'}`;
}
