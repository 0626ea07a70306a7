/**
 * The few things this app reads or changes in an MP4 (ISO BMFF) file, by walking its boxes:
 * the movie's length (`mvhd`), and the creation and modification times of the movie, its tracks
 * and their media, which a muxer stamps and which the sender zeroes.
 */

import { boxes, type Box } from '../image/iso-boxes';

export { boxes, type Box } from '../image/iso-boxes';

function child(bytes: Uint8Array, parent: Box | null, type: string): Box | null {
	for (const b of boxes(bytes, parent?.body ?? 0, parent?.end ?? bytes.length)) if (b.type === type) return b;
	return null;
}

/** Whether the bytes begin as an MP4 or QuickTime file does: an `ftyp` box first. */
export function looksLikeMp4(bytes: Uint8Array): boolean {
	const first = boxes(bytes).next();
	return !first.done && first.value.type === 'ftyp' && first.value.end - first.value.start >= 16;
}

/** The movie's length in ms from its `mvhd`, or null when there is none to read. */
export function mp4DurationMs(bytes: Uint8Array): number | null {
	const mvhd = child(bytes, child(bytes, null, 'moov'), 'mvhd');
	if (!mvhd) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const version = bytes[mvhd.body];
	const long = version === 1;
	if (mvhd.end - mvhd.body < (long ? 32 : 20)) return null;
	const at = mvhd.body + 4 + (long ? 16 : 8);
	const timescale = view.getUint32(at);
	const duration = long ? Number(view.getBigUint64(at + 4)) : view.getUint32(at + 4);
	return timescale > 0 ? (duration / timescale) * 1000 : null;
}

/** Zeroes a full box's creation and modification times (`mvhd`, `tkhd`, `mdhd` all begin so). */
function zeroTimes(bytes: Uint8Array, box: Box | null): void {
	if (!box) return;
	const width = bytes[box.body] === 1 ? 8 : 4;
	const from = box.body + 4;
	if (from + 2 * width <= box.end) bytes.fill(0, from, from + 2 * width);
}

/**
 * Zeroes, in place, every creation and modification time in the movie: a muxer stamps the time
 * it ran, a camera the time it filmed. Returns how many boxes it zeroed.
 */
export function zeroMp4Times(bytes: Uint8Array): number {
	const moov = child(bytes, null, 'moov');
	if (!moov) return 0;
	let n = 0;
	const mvhd = child(bytes, moov, 'mvhd');
	zeroTimes(bytes, mvhd);
	if (mvhd) n++;
	for (const trak of boxes(bytes, moov.body, moov.end)) {
		if (trak.type !== 'trak') continue;
		const tkhd = child(bytes, trak, 'tkhd');
		const mdhd = child(bytes, child(bytes, trak, 'mdia'), 'mdhd');
		zeroTimes(bytes, tkhd);
		zeroTimes(bytes, mdhd);
		n += (tkhd ? 1 : 0) + (mdhd ? 1 : 0);
	}
	return n;
}
