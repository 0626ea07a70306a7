import { expect, type Page } from '@playwright/test';
import type { Tuple } from '../../support/tuple';
import type { Device, DeviceOptions, OpenDevice } from './fixtures';

/** Home page -> Create private room; returns the invitation link. */
export async function createPrivateRoom(page: Page): Promise<string> {
	await page.goto('/');
	await page.getByTestId('create-room').click();
	await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}$/);
	const link = page.getByTestId('room-link');
	await expect(link).toHaveValue(/#/);
	return link.inputValue();
}

/** This device's name, once it has joined (a generated name that clashes is swapped then). */
export async function selfName(page: Page): Promise<string> {
	const el = page.getByTestId('self-name');
	await expect(el).toHaveAttribute('data-settled', 'true');
	return (await el.textContent())!.trim();
}

/** Waits until `page` sees a peer called `name` in the given state. */
export async function expectPeer(
	page: Page,
	name: string,
	state: 'connecting' | 'ready' | 'failed' = 'ready'
): Promise<void> {
	const peer = page.locator(`[data-testid="peer"][data-peer-name="${name}"]`);
	try {
		await expect(peer).toHaveAttribute('data-peer-state', state);
	} catch (e) {
		throw new Error(`${await peerReport(page, name)}\n${e instanceof Error ? e.message : String(e)}`, {
			cause: e
		});
	}
}

/** What `page` says about a peer that is not where a test expected it: its failure, and the alerts. */
async function peerReport(page: Page, name: string): Promise<string> {
	if (page.isClosed()) return `the page that should see ${name} is closed`;
	const seen = await page
		.evaluate(() => ({
			peers: [...document.querySelectorAll<HTMLElement>('[data-testid="peer"]')].map(
				(el) =>
					`${el.dataset.peerName}: ${el.dataset.peerState} (failure: ${el.dataset.peerFailure ?? 'none'})`
			),
			alerts: [...document.querySelectorAll<HTMLElement>('[role="alert"]')].map((el) => el.innerText.trim())
		}))
		.catch((e: unknown) => String(e));
	if (typeof seen === 'string') return `could not read what the page sees of ${name}: ${seen}`;
	const { peers, alerts } = seen;
	return [
		`peer ${name} as this page sees it; every peer here: ${peers.join('; ') || 'none'}`,
		`alerts on the page: ${alerts.join(' | ') || 'none'}`
	].join('\n');
}

export async function sendPhoto(page: Page, file: string): Promise<void> {
	await page.getByTestId('file-input').setInputFiles(file);
}

export function inDrops(page: Page) {
	return page.locator('[data-testid="drop"][data-direction="in"]');
}

export function outDrops(page: Page) {
	return page.locator('[data-testid="drop"][data-direction="out"]');
}

/** The pixels in the viewer canvas, downscaled to a small grid, and the canvas size. */
export async function viewerSample(
	page: Page,
	grid = 16
): Promise<{ width: number; height: number; pixels: number[] }> {
	return page
		.getByTestId('viewer')
		.locator('canvas')
		.evaluate((c: HTMLCanvasElement, g: number) => {
			const small = document.createElement('canvas');
			small.width = g;
			small.height = g;
			const ctx = small.getContext('2d')!;
			ctx.drawImage(c, 0, 0, g, g);
			return { width: c.width, height: c.height, pixels: [...ctx.getImageData(0, 0, g, g).data] };
		}, grid);
}

/** `guest` opens the invitation; resolves once `host` sees it ready. Returns the guest's name. */
export async function joinRoom(host: Page, guest: Page, link: string): Promise<string> {
	await guest.goto(link);
	const name = await selfName(guest);
	await expectPeer(host, name);
	return name;
}

/** Reveals the newest incoming drop, waits for the picture, closes it: destroyed. */
export async function viewOnce(page: Page): Promise<void> {
	const card = inDrops(page).first();
	await expect(card).toHaveAttribute('data-state', 'sealed');
	await card.getByTestId('reveal').click();
	await expect(card.getByTestId('viewer').locator('canvas[data-drawn="true"]')).toBeVisible();
	await card.getByTestId('close').click();
	await expect(card).toHaveAttribute('data-state', 'destroyed');
}

export interface RoomDevice extends Device {
	/** The name this device settled on once it joined. */
	name: string;
}

/** The devices of one room in the order opened (the first made the room), and its invitation. */
export type Room<N extends number> = Tuple<RoomDevice, N> & { link: string };

/**
 * Opens `count` devices (each with `options`, or with its own entry of an array), the first
 * makes a private room and the others open its link. Resolves once every device knows its
 * name; no peer is waited for.
 */
export async function joinNewRoom<N extends number>(
	openDevice: OpenDevice,
	count: N,
	options: DeviceOptions | DeviceOptions[] = {}
): Promise<Room<N>> {
	const devices: Device[] = [];
	for (let i = 0; i < count; i++) {
		devices.push(await openDevice(Array.isArray(options) ? options[i] : options));
	}
	const [creator, ...guests] = devices;
	if (!creator) throw new Error('a room needs a device');
	const link = await createPrivateRoom(creator.page);
	for (const guest of guests) await guest.page.goto(link);
	const names = await Promise.all(devices.map((d) => selfName(d.page)));
	const joined = devices.map((d, i) => ({ ...d, name: names[i]! }));
	return Object.assign(joined, { link }) as unknown as Room<N>;
}

/** `joinNewRoom`, then waits until the first device sees every other one ready. */
export async function room<N extends number>(
	openDevice: OpenDevice,
	count: N,
	options?: DeviceOptions | DeviceOptions[]
): Promise<Room<N>> {
	const joined = await joinNewRoom(openDevice, count, options);
	const [creator, ...others] = joined as RoomDevice[];
	for (const other of others) await expectPeer(creator!.page, other.name);
	return joined;
}
