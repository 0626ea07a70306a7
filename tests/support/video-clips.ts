import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpeg } from './ffmpeg';

/** What the test clips carry in their metadata, which no recipient may ever receive. */
export const CLIP_SECRETS = { location: '+48.8577+002.2950/', make: 'AcmeCam', model: 'Phantom-X9' };

const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-clips-'));

/**
 * A clip made with ffmpeg (from apt): a test pattern and a tone, tagged with a GPS location, a
 * camera make and model and a creation date. `.mp4` carries them in `udta/meta` keys, `.mov` as
 * `©xyz`/`©mak`/`©mod`, `.webm` as Matroska tags.
 */
export function makeClip(name: string, seconds = 3, size = '320x240'): string {
	const out = join(dir, name);
	const video = ['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25:duration=${seconds}`];
	const audio = ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
	const codecs = name.endsWith('.webm')
		? // libvpx's realtime settings: a clip in a fraction of the default's time on a busy machine.
			['-c:v', 'libvpx', '-b:v', '400k', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus']
		: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'];
	const flags = name.endsWith('.mp4') ? ['-movflags', '+use_metadata_tags'] : [];
	const tags = ['location', 'make', 'model'].flatMap((k) => [
		'-metadata',
		`${k}=${CLIP_SECRETS[k as keyof typeof CLIP_SECRETS]}`
	]);
	ffmpeg([
		...video,
		...audio,
		...codecs,
		...flags,
		...tags,
		'-metadata',
		'creation_time=2021-05-04T10:11:12Z',
		out
	]);
	return out;
}

/** A valid MP4 clip padded with a `free` box (legal padding) to `bytes` in all. */
export function paddedClip(name: string, bytes: number): string {
	const clip = makeClip(`base-${name}`);
	const out = join(dir, name);
	execFileSync('cp', [clip, out]);
	const fd = openSync(out, 'a');
	const { size } = statSync(out);
	const pad = bytes - size;
	const head = Buffer.alloc(8);
	head.writeUInt32BE(pad, 0);
	head.write('free', 4, 'latin1');
	writeSync(fd, head);
	const zeros = Buffer.alloc(1 << 20);
	for (let left = pad - 8; left > 0; left -= zeros.length)
		writeSync(fd, zeros, 0, Math.min(left, zeros.length));
	closeSync(fd);
	return out;
}
