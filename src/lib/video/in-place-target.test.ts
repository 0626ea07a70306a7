import { readFileSync } from 'node:fs';
import {
	ALL_FORMATS,
	BufferSource,
	BufferTarget,
	Conversion,
	Input,
	Mp4OutputFormat,
	Output,
	WebMOutputFormat,
	type Target
} from 'mediabunny';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeClip } from '../../../tests/support/video-clips';
import { canWriteInPlace, InPlaceTarget } from './in-place-target';
import { zeroMp4Times } from './mp4-boxes';

const NAMES = ['a.mp4', 'a.mov', 'a.webm'] as const;
const clips = new Map<string, Uint8Array>();

/** The clip remuxed as `prepareVideo` does it, into `target`. */
async function remux(whole: Uint8Array<ArrayBuffer>, target: Target, webm: boolean): Promise<void> {
	const input = new Input({ source: new BufferSource(whole), formats: ALL_FORMATS });
	const format = webm ? new WebMOutputFormat() : new Mp4OutputFormat({ fastStart: 'in-memory' });
	const output = new Output({ format, target });
	const conversion = await Conversion.init({ input, output, tags: {}, showWarnings: false });
	await conversion.execute();
	input.dispose();
}

describe('InPlaceTarget', () => {
	// ffmpeg's encodes take seconds on a busy machine: made once, before the tests' own time starts.
	beforeAll(() => {
		for (const name of NAMES) clips.set(name, readFileSync(makeClip(`in-place-${name}`)));
	}, 120_000);

	it('is usable with this mediabunny: its targets are written through the methods it has', () => {
		expect(canWriteInPlace()).toBe(true);
	});

	for (const name of NAMES) {
		it(`writes ${name} byte for byte as BufferTarget does, in the file's own buffer`, async () => {
			const webm = name.endsWith('.webm');
			const reference = new BufferTarget();
			await remux(new Uint8Array(clips.get(name)!), reference, webm);
			const whole = new Uint8Array(clips.get(name)!);
			const target = new InPlaceTarget(whole);
			await remux(whole, target, webm);
			const expected = new Uint8Array(reference.buffer!);
			const out = target.bytes!;
			// ffmpeg's MP4s come out a little smaller (no tags); its WebM a little bigger (mediabunny
			// writes more cues), which then gets a buffer of its own, and the file is the caller's.
			const fits = expected.length <= whole.length;
			expect(fits).toBe(!webm);
			expect(target.inPlace).toBe(fits);
			if (fits) {
				expect(out.buffer).toBe(whole.buffer);
				expect(whole.subarray(out.length).every((b) => b === 0)).toBe(true);
			} else expect(out.buffer).not.toBe(whole.buffer);
			// The muxer stamps the time it ran; the app zeroes it after.
			if (!webm) for (const b of [out, expected]) zeroMp4Times(b);
			expect(Buffer.from(out).equals(Buffer.from(expected))).toBe(true);
		});
	}
});
