import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { stripJpegMetadata } from '../../../src/lib/image/jpeg-metadata';
import { testId, type AppPage } from './app-page';
import { samplePictures, type PixelSample } from './pixel-samples';

// The steps of `room-steps.ts`, for a page of either browser (see `AppPage`).

export const IN_DROP = testId('drop', { 'data-direction': 'in' });
export const OUT_DROP = testId('drop', { 'data-direction': 'out' });

/** Home page -> Create private room; returns the invitation link. */
export async function createPrivateRoom(page: AppPage): Promise<string> {
	await page.goto('/');
	await page.click(testId('create-room'));
	await page.expectValue(testId('room-link'), /\/r\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{22}$/);
	return page.valueOf(testId('room-link'));
}

/** This device's name, once it has joined. */
export async function selfName(page: AppPage): Promise<string> {
	await page.expectAttribute(testId('self-name'), 'data-settled', 'true');
	return (await page.textOf(testId('self-name'))).trim();
}

export function peer(name: string): string {
	return testId('peer', { 'data-peer-name': name });
}

export async function expectPeer(
	page: AppPage,
	name: string,
	state: 'connecting' | 'ready' | 'failed' = 'ready'
): Promise<void> {
	await page.expectAttribute(peer(name), 'data-peer-state', state);
}

/**
 * The first page makes a private room, the others open its link; resolves once every device
 * sees every other one ready. Returns the link and each device's name, in order.
 */
export async function room(...pages: AppPage[]): Promise<{ link: string; names: string[] }> {
	const [creator, ...guests] = pages;
	if (!creator) throw new Error('a room needs a device');
	const link = await createPrivateRoom(creator);
	for (const guest of guests) await guest.goto(link);
	const names = await Promise.all(pages.map(selfName));
	for (const [i, page] of pages.entries()) {
		for (const [j, name] of names.entries()) if (i !== j) await expectPeer(page, name);
	}
	return { link, names };
}

/** Opens two devices at once (say a Firefox and a Chromium) and puts them in one `room`. */
export async function roomOfTwo(
	openA: () => Promise<AppPage>,
	openB: () => Promise<AppPage>
): Promise<[AppPage, AppPage]> {
	const pages = await Promise.all([openA(), openB()]);
	await room(...pages);
	return pages;
}

export async function sendPhoto(page: AppPage, file: string): Promise<void> {
	await page.setInputFiles(testId('file-input'), file);
}

/** The pixels in the viewer canvas, downscaled to a small grid, and the canvas size. */
export async function viewerSample(page: AppPage, grid = 16): Promise<PixelSample> {
	const [sample] = await page.evaluate(samplePictures, { grid, jpegs: [] });
	return sample!;
}

/** Mean absolute difference of two same-size RGBA samples, 0..255. */
export function pixelDifference(a: number[], b: number[]): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
	return sum / ((a.length * 3) / 4);
}

/**
 * References for the photo in `file` decoded by `page`'s own browser: as its EXIF orientation
 * says (upright), and as stored (the same file with its EXIF removed).
 */
export async function orientationReferences(
	page: AppPage,
	file: string,
	grid: number
): Promise<{ upright: PixelSample; stored: PixelSample }> {
	const original = readFileSync(file);
	const stored = Buffer.from(stripJpegMetadata(new Uint8Array(original)));
	const [upright, asStored] = await page.evaluate(samplePictures, {
		grid,
		jpegs: [original.toString('base64'), stored.toString('base64')]
	});
	return { upright: upright!, stored: asStored! };
}

/** The viewer on `page` shows the photo in `file` (one with an EXIF rotation) upright. */
export async function expectViewerUpright(page: AppPage, file: string): Promise<void> {
	const grid = 32;
	const seen = await viewerSample(page, grid);
	const refs = await orientationReferences(page, file, grid);
	// Orientations 5 to 8 swap width and height: the references must differ for this to mean much.
	expect(refs.upright.width).toBe(refs.stored.height);
	expect(seen.width / seen.height).toBeCloseTo(refs.upright.width / refs.upright.height, 2);
	const toUpright = pixelDifference(seen.pixels, refs.upright.pixels);
	const toStored = pixelDifference(seen.pixels, refs.stored.pixels);
	expect(toUpright).toBeLessThan(8);
	expect(toUpright * 5).toBeLessThan(toStored);
}

/**
 * Each device sees the other ready and verified (it proved the room's secret), and both show
 * the same safety code: their commit-then-reveal exchange agreed on both DTLS certificates.
 */
export async function expectSameSafetyCode(
	a: AppPage,
	aName: string,
	b: AppPage,
	bName: string
): Promise<void> {
	const codes: string[] = [];
	for (const [page, other] of [
		[a, bName],
		[b, aName]
	] as const) {
		await expectPeer(page, other);
		// "ready · verified", not "ready · unverified".
		await page.expectText(peer(other), /·\s*verified/);
		const code = `${peer(other)} ${testId('safety-code')}`;
		await page.expectText(code, /^\d{3} \d{3}$/);
		codes.push((await page.textOf(code)).trim());
	}
	expect(codes[0], 'the safety code on both screens').toBe(codes[1]);
}

/**
 * Whether `page`'s browser names the DTLS certificates in `getStats()` (Chromium does), or
 * leaves the app to read them from the SDP fingerprints (`readDtlsFingerprints`'s fallback):
 * two connections in the page joined by a data channel, their candidates in the SDP.
 */
export function reportsCertificateStats(page: AppPage): Promise<boolean> {
	return page.evaluate(async () => {
		const gathered = (pc: RTCPeerConnection) =>
			new Promise<void>((resolve) => {
				const check = () => pc.iceGatheringState === 'complete' && resolve();
				pc.addEventListener('icegatheringstatechange', check);
				check();
			});
		const a = new RTCPeerConnection();
		const b = new RTCPeerConnection();
		try {
			const channel = a.createDataChannel('probe');
			const open = new Promise((resolve) => channel.addEventListener('open', resolve));
			await a.setLocalDescription();
			await gathered(a);
			await b.setRemoteDescription(a.localDescription!);
			await b.setLocalDescription();
			await gathered(b);
			await a.setRemoteDescription(b.localDescription!);
			await open;
			return [...(await a.getStats()).values()].some((s: { type: string }) => s.type === 'certificate');
		} finally {
			a.close();
			b.close();
		}
	}, undefined);
}

/**
 * No console error, uncaught error or CSP violation on any of these pages, but for messages
 * matching `except` (each use says why).
 */
export function expectNoProblems(pages: AppPage[], except?: RegExp): void {
	for (const page of pages) {
		const problems = page.problems.filter((p) => !except?.test(p));
		expect(problems, `${page.browserName} at ${page.origin}`).toEqual([]);
	}
}
