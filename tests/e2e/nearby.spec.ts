import type { Page } from '@playwright/test';
import { fixturePath } from '../support/fixtures';
import { test, expect } from './support/fixtures';
import { withTwoAppProcesses } from './support/app-processes';
import {
	createPublicRoom,
	expectPeer,
	inDrops,
	SCREEN_WIDTHS,
	sealedDrop,
	selfName,
	sendPhoto,
	viewOnce
} from './support/room-steps';

// Every browser here connects from 127.0.0.1: one network, as devices behind one router are.

/** Opens the home page; returns the name this device is visible by. */
async function home(page: Page, url = '/'): Promise<string> {
	await page.goto(url);
	const name = page.getByTestId('nearby').locator('[data-self-name]');
	await expect(page.getByTestId('nearby-visible')).toBeEnabled();
	return (await name.getAttribute('data-self-name'))!;
}

/** Opens the home page on each; a device that drew a name already taken loads again. */
async function homes(...pages: Page[]): Promise<string[]> {
	const names: string[] = [];
	for (const page of pages) {
		let name = await home(page);
		while (names.includes(name)) name = await home(page);
		names.push(name);
	}
	return names;
}

function nearbyPeer(page: Page, name: string) {
	return page.locator(`[data-testid="nearby-peer"][data-peer-name="${name}"]`);
}

/** `asker` asks `asked` (by name), which sees the request and accepts; both land in one room. */
async function pair(asker: Page, askerName: string, asked: Page, askedName: string): Promise<string> {
	await nearbyPeer(asker, askedName).click();
	const request = asked.getByTestId('nearby-request');
	await expect(request).toContainText(`${askerName} wants to share photos with you`);
	await request.getByTestId('nearby-accept').click();
	await expect(asked).toHaveURL(/\/n\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}$/);
	await expect(asker).toHaveURL(/\/n\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}$/);
	expect(new URL(asker.url()).pathname).toBe(new URL(asked.url()).pathname);
	return new URL(asked.url()).pathname;
}

function peer(page: Page, name: string) {
	return page.locator(`[data-testid="peer"][data-peer-name="${name}"]`);
}

test('two devices on the home page see each other by name and kind; one that hides disappears', async ({
	openDevice
}) => {
	const laptop = await openDevice();
	// Touch as the primary pointer: what makes a phone a phone here, not its user agent.
	const phone = await openDevice({
		context: { hasTouch: true, isMobile: true, viewport: { width: 360, height: 800 } }
	});
	const [laptopName, phoneName] = (await homes(laptop.page, phone.page)) as [string, string];

	await expect(nearbyPeer(laptop.page, phoneName)).toHaveAttribute('data-device', 'phone');
	await expect(nearbyPeer(phone.page, laptopName)).toHaveAttribute('data-device', 'laptop');
	await expect(laptop.page.getByTestId('nearby-visible')).toBeChecked();

	await phone.page.getByTestId('nearby-visible').uncheck();
	await expect(nearbyPeer(laptop.page, phoneName)).toHaveCount(0);
	// Hidden, it still sees the others.
	await expect(nearbyPeer(phone.page, laptopName)).toBeVisible();
	// The choice holds on the next visit (under a new name: each visit draws one).
	const phoneAgain = await home(phone.page);
	await expect(phone.page.getByTestId('nearby-visible')).not.toBeChecked();
	await expect(nearbyPeer(phone.page, laptopName)).toBeVisible();
	await expect(laptop.page.getByTestId('nearby-peer')).toHaveCount(0);

	await phone.page.getByTestId('nearby-visible').check();
	await expect(nearbyPeer(laptop.page, phoneAgain)).toBeVisible();
});

test('an accepted request puts both in one room; verified once both confirm matching codes; a drop goes through', async ({
	openDevice
}) => {
	const alice = await openDevice();
	const bob = await openDevice();
	const [aliceName, bobName] = (await homes(alice.page, bob.page)) as [string, string];

	await pair(alice.page, aliceName, bob.page, bobName);
	// Each keeps the name the other saw.
	expect(await selfName(alice.page)).toBe(aliceName);
	expect(await selfName(bob.page)).toBe(bobName);
	await expectPeer(alice.page, bobName);
	await expectPeer(bob.page, aliceName);
	await expect(peer(alice.page, bobName)).toHaveAttribute('data-peer-verified', 'false');
	await expect(peer(bob.page, aliceName)).toHaveAttribute('data-peer-verified', 'false');
	const code = (await alice.page.getByTestId('safety-code').textContent())!;
	await expect(bob.page.getByTestId('safety-code')).toHaveText(code);

	// One person's word is not enough.
	await peer(alice.page, bobName).getByTestId('codes-match').click();
	await expect(peer(alice.page, bobName)).toContainText(`Waiting for ${bobName}`);
	await expect(peer(alice.page, bobName)).toHaveAttribute('data-peer-verified', 'false');
	await expect(peer(bob.page, aliceName)).toHaveAttribute('data-peer-verified', 'false');
	await peer(bob.page, aliceName).getByTestId('codes-match').click();
	await expect(peer(alice.page, bobName)).toHaveAttribute('data-peer-verified', 'true');
	await expect(peer(bob.page, aliceName)).toHaveAttribute('data-peer-verified', 'true');
	await expect(peer(alice.page, bobName).getByTestId('codes-match')).toHaveCount(0);

	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
	await viewOnce(bob.page);
});

test('a public room’s devices can be confirmed the same way', async ({ openDevice }) => {
	const alice = await openDevice();
	const bob = await openDevice();
	await bob.page.goto(`/p/${await createPublicRoom(alice.page)}`);
	const aliceName = await selfName(alice.page);
	const bobName = await selfName(bob.page);
	await expectPeer(alice.page, bobName);
	await expectPeer(bob.page, aliceName);
	await expect(peer(alice.page, bobName)).toHaveAttribute('data-peer-verified', 'false');
	await peer(alice.page, bobName).getByTestId('codes-match').click();
	await peer(bob.page, aliceName).getByTestId('codes-match').click();
	await expect(peer(alice.page, bobName)).toHaveAttribute('data-peer-verified', 'true');
	await expect(peer(bob.page, aliceName)).toHaveAttribute('data-peer-verified', 'true');
});

test('a declined request tells the asker, and so does one nobody answers', async ({ openDevice }) => {
	const alice = await openDevice({ clock: true });
	const bob = await openDevice();
	const carol = await openDevice();
	const [aliceName, bobName, carolName] = (await homes(alice.page, bob.page, carol.page)) as [
		string,
		string,
		string
	];

	await nearbyPeer(alice.page, bobName).click();
	await expect(alice.page.getByRole('status')).toContainText(`Waiting for ${bobName}`);
	await bob.page.getByTestId('nearby-request').getByTestId('nearby-decline').click();
	await expect(alice.page.getByRole('alert')).toContainText(`${bobName} declined`);
	await expect(bob.page.getByTestId('nearby-request')).toHaveCount(0);
	await expect(alice.page).toHaveURL(/\/$/);

	await nearbyPeer(alice.page, carolName).click();
	await expect(carol.page.getByTestId('nearby-request')).toContainText(aliceName);
	await alice.page.clock.fastForward('00:31');
	await expect(alice.page.getByRole('alert')).toContainText(`${carolName} did not answer`);
	await expect(carol.page).toHaveURL(/\/$/);
});

test('two app processes sharing Redis: devices on either one see each other and pair', async ({
	openDevice
}) => {
	await withTwoAppProcesses({ presenceTtlSeconds: 2 }, async ({ urlOne, urlTwo }) => {
		const alice = await openDevice({ context: { baseURL: urlOne } });
		const bob = await openDevice({ context: { baseURL: urlTwo } });
		const [aliceName, bobName] = (await homes(alice.page, bob.page)) as [string, string];
		await expect(nearbyPeer(alice.page, bobName)).toBeVisible();
		await expect(nearbyPeer(bob.page, aliceName)).toBeVisible();

		await pair(alice.page, aliceName, bob.page, bobName);
		await expectPeer(alice.page, bobName);
		await expectPeer(bob.page, aliceName);
		await expect(bob.page.getByTestId('safety-code')).toHaveText(
			(await alice.page.getByTestId('safety-code').textContent())!
		);
		await sendPhoto(bob.page, fixturePath('Canon_40D.jpg'));
		await sealedDrop(alice.page);
	});
});

// The home page with devices nearby and a request, at phone and laptop width, saved for a
// human to look at; nothing may overflow the viewport horizontally.
for (const [label, viewport] of SCREEN_WIDTHS) {
	test(`nearby screens at ${label} width`, async ({ openDevice }) => {
		const asked = await openDevice({ context: { viewport } });
		const asker = await openDevice({ context: { viewport } });
		const other = await openDevice({ context: { viewport, hasTouch: true, isMobile: label === 'phone' } });
		const [askedName, askerName, otherName] = (await homes(asked.page, asker.page, other.page)) as [
			string,
			string,
			string
		];
		await expect(nearbyPeer(asked.page, askerName)).toBeVisible();
		await expect(nearbyPeer(asked.page, otherName)).toBeVisible();
		await nearbyPeer(asker.page, askedName).click();
		await expect(asked.page.getByTestId('nearby-request')).toBeVisible();
		for (const [page, name] of [
			[asked.page, 'nearby-request'],
			[asker.page, 'nearby-asking']
		] as const) {
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, `${name} overflows horizontally`).toBeLessThanOrEqual(0);
			await page.screenshot({ path: `test-results/screens/${label}-${name}.png`, fullPage: true });
		}
	});
}
