/**
 * A structural check of a JPEG. Browsers decode a damaged JPEG without an error, painting grey
 * (or smeared) blocks from the first bad byte on, so a decode that succeeds proves nothing. The
 * check walks every marker and the entropy-coded data of every scan, and with restart intervals
 * counts the RSTn markers a scan must hold: a lost or overwritten stretch of data loses some.
 * Damage that keeps the marker structure intact (a flipped bit) needs a full Huffman decode and is
 * not caught here.
 */
import { DRI, EOI, SOI, SOS, walkJpeg, type JpegBreak, type JpegPart } from './jpeg-segments';

export type JpegDamage =
	| JpegBreak
	/** SOF missing before the first scan, or a second SOF. */
	| 'no-frame'
	/** EOI without any scan. */
	| 'no-scan'
	/** An SOS header followed directly by a marker. */
	| 'empty-scan'
	/** SOI after the start, or RSTn outside entropy-coded data. */
	| 'stray-marker'
	/** RSTn markers not in the sequence 0, 1, ... 7, 0... */
	| 'restart-out-of-order'
	/** Fewer (or many more) RSTn markers than the scan's restart interval calls for. */
	| 'restart-count';

export type JpegIntegrity = { ok: true } | { ok: false; damage: JpegDamage; offset: number };

interface FrameComponent {
	id: number;
	h: number;
	v: number;
}

interface Frame {
	/** Only DCT frames coded one after another (sequential or progressive) are counted. */
	countable: boolean;
	width: number;
	height: number;
	components: FrameComponent[];
}

/** SOF0/1/2 (Huffman) and SOF9/10 (arithmetic): DCT, not lossless, not hierarchical. */
const COUNTABLE_FRAMES = new Set([0xc0, 0xc1, 0xc2, 0xc9, 0xca]);

function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function parseFrame(bytes: Uint8Array, marker: number, at: number, end: number): Frame | null {
	if (end - at < 6) return null;
	const height = ((bytes[at + 1] ?? 0) << 8) | (bytes[at + 2] ?? 0);
	const width = ((bytes[at + 3] ?? 0) << 8) | (bytes[at + 4] ?? 0);
	const count = bytes[at + 5] ?? 0;
	if (count === 0 || end - at < 6 + count * 3) return null;
	const components: FrameComponent[] = [];
	for (let i = 0; i < count; i++) {
		const c = at + 6 + i * 3;
		const sampling = bytes[c + 1] ?? 0;
		const h = sampling >> 4;
		const v = sampling & 15;
		if (h < 1 || h > 4 || v < 1 || v > 4) return null;
		components.push({ id: bytes[c] ?? 0, h, v });
	}
	return { countable: COUNTABLE_FRAMES.has(marker) && height > 0, width, height, components };
}

/** The number of MCUs in a scan over the given component ids (T.81 A.2). */
function mcuCount(frame: Frame, scanIds: number[]): number | null {
	const hMax = Math.max(...frame.components.map((c) => c.h));
	const vMax = Math.max(...frame.components.map((c) => c.v));
	if (scanIds.length > 1) {
		return Math.ceil(frame.width / (8 * hMax)) * Math.ceil(frame.height / (8 * vMax));
	}
	const component = frame.components.find((c) => c.id === scanIds[0]);
	if (!component) return null;
	const width = Math.ceil((frame.width * component.h) / hMax);
	const height = Math.ceil((frame.height * component.v) / vMax);
	return Math.ceil(width / 8) * Math.ceil(height / 8);
}

function scanComponentIds(bytes: Uint8Array, at: number, end: number): number[] | null {
	const count = bytes[at] ?? 0;
	if (count === 0 || end - at < 1 + count * 2 + 3) return null;
	const ids: number[] = [];
	for (let i = 0; i < count; i++) ids.push(bytes[at + 1 + i * 2] ?? 0);
	return ids;
}

function damaged(damage: JpegDamage, offset: number): JpegIntegrity {
	return { ok: false, damage, offset };
}

/** What the check has learnt of the file so far, from its SOF, DRI and SOS segments. */
interface Learnt {
	frame: Frame | null;
	restartInterval: number;
	/** The RSTn markers the current scan must hold, where they can be counted. */
	expectedRestarts: number | null;
	scans: number;
}

/** A marker segment: SOF, DRI and SOS say what the scans after them must hold. Null when sound. */
function readSegment(
	bytes: Uint8Array,
	part: JpegPart & { kind: 'segment' },
	learnt: Learnt
): JpegIntegrity | null {
	if (isStartOfFrame(part.marker)) {
		if (learnt.frame !== null) return damaged('no-frame', part.start);
		learnt.frame = parseFrame(bytes, part.marker, part.dataStart, part.end);
		if (learnt.frame === null) return damaged('bad-length', part.start);
	} else if (part.marker === DRI) {
		if (part.end - part.dataStart < 2) return damaged('bad-length', part.start);
		learnt.restartInterval = ((bytes[part.dataStart] ?? 0) << 8) | (bytes[part.dataStart + 1] ?? 0);
	} else if (part.marker === SOS) {
		const frame = learnt.frame;
		if (frame === null) return damaged('no-frame', part.start);
		const ids = scanComponentIds(bytes, part.dataStart, part.end);
		if (ids === null) return damaged('bad-length', part.start);
		const mcus = frame.countable ? mcuCount(frame, ids) : null;
		const interval = learnt.restartInterval;
		learnt.expectedRestarts = mcus !== null && interval > 0 ? Math.ceil(mcus / interval) - 1 : null;
		learnt.scans++;
	}
	return null;
}

/** A scan's entropy-coded data: empty, or with its RSTn markers out of order or miscounted. */
function scanDataDamage(
	part: JpegPart & { kind: 'scan-data' },
	expectedRestarts: number | null
): JpegIntegrity | null {
	if (part.end === part.start) return damaged('empty-scan', part.start);
	if (part.restartBreak !== null) return damaged('restart-out-of-order', part.restartBreak);
	const counted = expectedRestarts !== null;
	if (counted && (part.restarts < expectedRestarts || part.restarts > expectedRestarts + 1)) {
		return damaged('restart-count', part.start);
	}
	return null;
}

/** `parts`: the file's walk, where the caller has it already (`inspectPhoto` walks a JPEG once). */
export function checkJpegIntegrity(
	bytes: Uint8Array,
	parts: Iterable<JpegPart> = walkJpeg(bytes)
): JpegIntegrity {
	const learnt: Learnt = { frame: null, restartInterval: 0, expectedRestarts: null, scans: 0 };
	// A scan's own damage is reported once the part after it is known: if that is a broken
	// marker, the marker is the better answer (it is why the scan seems short).
	let scanDamage: JpegIntegrity | null = null;
	for (const part of parts) {
		if (part.kind === 'broken') return damaged(part.reason, part.offset);
		if (scanDamage !== null) return scanDamage;
		if (part.kind === 'standalone') {
			if (part.marker === EOI) return learnt.scans > 0 ? { ok: true } : damaged('no-scan', part.start);
			if (part.marker !== SOI || part.start !== 0) return damaged('stray-marker', part.start);
		} else if (part.kind === 'segment') {
			const damage = readSegment(bytes, part, learnt);
			if (damage) return damage;
		} else if (part.kind === 'scan-data') {
			scanDamage = scanDataDamage(part, learnt.expectedRestarts);
		}
		// Garbage and a trailer say nothing of the picture.
	}
	// walkJpeg always ends with EOI or `broken`.
	return damaged('truncated', bytes.length);
}
