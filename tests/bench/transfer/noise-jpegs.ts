import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpeg } from '../../support/ffmpeg';

/**
 * Incompressible photos of a given size: JPEGs of random pixels (every channel, 4:4:4, quality 1
 * in ffmpeg's scale), upright and with no EXIF, so that the app's "original" preparation takes its
 * lossless route (strip, then a full decode check) as it would for a camera's JPEG. Kept in the
 * system's temp directory between runs: the pixels are the same every time (geq's seeds are fixed).
 */
const DIR = join(tmpdir(), 'vanishdrop-bench-noise-jpegs');
/** A run of the same size may land this far from the target before it is made again. */
const TOLERANCE = 0.04;

function encode(path: string, width: number, height: number): number {
	ffmpeg([
		'-f',
		'lavfi',
		'-i',
		`nullsrc=s=${width}x${height},geq=lum='random(1)*255':cb='random(2)*255':cr='random(3)*255'`,
		'-frames:v',
		'1',
		'-pix_fmt',
		'yuvj444p',
		'-qmin',
		'1',
		'-q:v',
		'1',
		path
	]);
	return statSync(path).size;
}

/** A 4:3 picture of about `pixels`, its sides a multiple of 8. */
function sides(pixels: number): { width: number; height: number } {
	const width = Math.max(8, Math.round(Math.sqrt((pixels * 4) / 3) / 8) * 8);
	return { width, height: Math.max(8, Math.round((width * 3) / 4 / 8) * 8) };
}

/** The path of a noise JPEG within a few per cent of `bytes`, made now unless made before. */
export function noiseJpeg(bytes: number): string {
	mkdirSync(DIR, { recursive: true });
	const path = join(DIR, `noise-${bytes}.jpg`);
	if (existsSync(path)) return path;
	const probe = join(DIR, `probe-${process.pid}.jpg`);
	// Bytes per pixel, from a small probe; then one correction from the first full-size try.
	const perPixel = encode(probe, 256, 192) / (256 * 192);
	let pixels = bytes / perPixel;
	for (let attempt = 0; attempt < 4; attempt++) {
		const { width, height } = sides(pixels);
		const made = encode(probe, width, height);
		if (Math.abs(made / bytes - 1) <= TOLERANCE) {
			renameSync(probe, path);
			return path;
		}
		pixels *= bytes / made;
	}
	throw new Error(`could not make a noise JPEG of about ${bytes} bytes`);
}
