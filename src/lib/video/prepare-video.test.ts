import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIP_SECRETS, makeClip, paddedClip } from '../../../tests/support/video-clips';
import { checkReceivedVideo } from './check-received-video';
import { boxes, mp4DurationMs } from './mp4-boxes';
import { prepareVideo } from './prepare-video';
import { webmDurationMs } from './webm-elements';

const has = (bytes: Uint8Array, s: string) => Buffer.from(bytes).includes(Buffer.from(s, 'latin1'));
const blobOf = (path: string) => new Blob([readFileSync(path)]);

/** The creation time of the movie header (version 0: 4 bytes after the version and flags). */
function mvhdCreation(bytes: Uint8Array): number {
	const moov = [...boxes(bytes)].find((b) => b.type === 'moov')!;
	const mvhd = [...boxes(bytes, moov.body, moov.end)].find((b) => b.type === 'mvhd')!;
	return new DataView(bytes.buffer, bytes.byteOffset).getUint32(mvhd.body + 4);
}

const NAMES = ['a.mp4', 'a.mov', 'a.webm'] as const;
const clips = new Map<string, string>();

// ffmpeg's encodes take seconds on a busy machine (a webm once took its test past the 20 s):
// made once, before the tests' own time starts.
beforeAll(() => {
	for (const name of NAMES) clips.set(name, makeClip(name));
	clips.set('long.mp4', makeClip('long.mp4', 61, '64x48'));
	clips.set('padded.mp4', paddedClip('padded.mp4', 4_000_000));
}, 180_000);

describe('prepareVideo', () => {
	for (const name of NAMES) {
		it(`remuxes ${name} without its GPS, make, model or dates, keeping its length`, async () => {
			const path = clips.get(name)!;
			const original = readFileSync(path);
			expect(has(original, CLIP_SECRETS.make)).toBe(true);
			const progress: number[] = [];
			const out = await prepareVideo(blobOf(path), { onProgress: (pct) => progress.push(pct) });
			// Each percent once, rising: not one message per packet.
			expect(progress.length).toBeGreaterThan(1);
			expect(progress.every((pct, i) => i === 0 || pct > progress[i - 1]!)).toBe(true);
			// Laid out in the file's buffer: what follows the clip there is zeroed, none of the file.
			expect(out.bytes.byteOffset).toBe(0);
			expect(new Uint8Array(out.bytes.buffer, out.bytes.length).every((b) => b === 0)).toBe(true);
			for (const s of [...Object.values(CLIP_SECRETS), '\xa9xyz', '2021-05-04', 'udta'])
				expect(has(out.bytes, s), s).toBe(false);
			expect(out.mime).toBe(name.endsWith('.webm') ? 'video/webm' : 'video/mp4');
			expect([out.width, out.height]).toEqual([320, 240]);
			expect(Math.abs(out.durationMs - 3000)).toBeLessThan(100);
			expect(checkReceivedVideo(out.bytes, out)).toBeNull();
			const ms = out.mime === 'video/mp4' ? mp4DurationMs(out.bytes) : webmDurationMs(out.bytes);
			expect(Math.abs(ms! - 3000)).toBeLessThan(100);
			if (out.mime === 'video/mp4') expect(mvhdCreation(out.bytes)).toBe(0);
		});
	}

	it('gives a clip a buffer of its own size when the remux dropped much of the file', async () => {
		const out = await prepareVideo(blobOf(clips.get('padded.mp4')!));
		expect(out.bytes.length).toBeLessThan(1_000_000);
		expect(out.bytes.buffer.byteLength).toBe(out.bytes.length);
	});

	it('refuses a clip over a minute, a file over 50 MB, and bytes that are no clip', async () => {
		await expect(prepareVideo(blobOf(clips.get('long.mp4')!))).rejects.toMatchObject({
			code: 'too-long'
		});
		await expect(prepareVideo(new Blob([new Uint8Array(50_000_001)]))).rejects.toMatchObject({
			code: 'file-too-big'
		});
		await expect(prepareVideo(new Blob(['not a video at all'.repeat(100)]))).rejects.toMatchObject({
			code: 'unreadable'
		});
	});
});

describe('checkReceivedVideo', () => {
	it('refuses a container other than the one claimed, and bytes that are no clip', async () => {
		const mp4 = await prepareVideo(blobOf(clips.get('a.mp4')!));
		expect(checkReceivedVideo(mp4.bytes, { mime: 'video/webm' })).toBe('video-wrong-format');
		expect(checkReceivedVideo(new Uint8Array(100), { mime: 'video/mp4' })).toBe('not-a-video');
	});

	it('refuses a clip whose own header says it is over a minute', async () => {
		const long = new Uint8Array(readFileSync(clips.get('long.mp4')!));
		expect(mp4DurationMs(long)).toBeGreaterThan(60_500);
		expect(checkReceivedVideo(long, { mime: 'video/mp4' })).toBe('video-too-long');
	});
});
