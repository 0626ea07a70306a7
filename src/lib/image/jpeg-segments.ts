/**
 * A JPEG marker walker (ITU-T T.81 B.1): the segments, scans and trailer of a file, in order.
 * `jpeg-metadata` builds metadata detection, stripping and the EXIF orientation on it. Works on
 * bytes only, so it runs in Node, a worker or a page alike.
 */

export const SOI = 0xd8;
export const EOI = 0xd9;
export const SOS = 0xda;
export const DRI = 0xdd;
export const APP0 = 0xe0;
export const APP1 = 0xe1;
export const APP2 = 0xe2;
export const APP14 = 0xee;
export const APP15 = 0xef;
export const COM = 0xfe;

export type JpegPart =
	/** A marker segment: `start` is its 0xFF, `dataStart` the byte after the length field. */
	| { kind: 'segment'; marker: number; start: number; dataStart: number; end: number }
	/** SOI, EOI, TEM or an RSTn found outside entropy-coded data: two bytes, no length. */
	| { kind: 'standalone'; marker: number; start: number; end: number }
	/**
	 * Entropy-coded data after an SOS header, up to the next marker that is not RSTn. `restarts`
	 * counts RSTn markers; `restartBreak` is the offset of the first one out of sequence.
	 */
	| { kind: 'scan-data'; start: number; end: number; restarts: number; restartBreak: number | null }
	/** Bytes where a marker was expected; decoders skip them with a warning. */
	| { kind: 'garbage'; start: number; end: number }
	/** Whatever follows EOI: padding, a second image, a phone's "motion photo" video... */
	| { kind: 'trailer'; start: number; end: number }
	/** The walk cannot go on: a bad length, a reserved marker or a cut-off file. */
	| { kind: 'broken'; reason: JpegBreak; offset: number };

export type JpegBreak = 'no-soi' | 'truncated' | 'bad-length' | 'reserved-marker';

function isRestart(marker: number): boolean {
	return marker >= 0xd0 && marker <= 0xd7;
}

/** Markers without a length field. TEM (0x01) is one too, though no photo uses it. */
function isStandalone(marker: number): boolean {
	return marker === SOI || marker === EOI || marker === 0x01 || isRestart(marker);
}

/** 0x02..0xBF are reserved: their presence means the stream is not what it claims to be. */
function isReserved(marker: number): boolean {
	return marker >= 0x02 && marker <= 0xbf;
}

function u16(bytes: Uint8Array, at: number): number {
	return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

export function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
	for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
	return true;
}

/**
 * Scans entropy-coded data from `start`. Inside it 0xFF is followed by 0x00 (a stuffed byte) or
 * RSTn; anything else is the next marker, which ends the data. Like libjpeg, a run of 0xFF fill
 * bytes counts as one 0xFF.
 */
function scanEntropyData(bytes: Uint8Array, start: number): JpegPart & { kind: 'scan-data' } {
	let at = start;
	let restarts = 0;
	let restartBreak: number | null = null;
	let expected = 0;
	for (;;) {
		const ff = bytes.indexOf(0xff, at);
		if (ff < 0) return { kind: 'scan-data', start, end: bytes.length, restarts, restartBreak };
		let codeAt = ff + 1;
		while (codeAt < bytes.length && bytes[codeAt] === 0xff) codeAt++;
		const code = bytes[codeAt];
		if (code === 0x00) {
			at = codeAt + 1;
		} else if (code !== undefined && isRestart(code)) {
			if (restartBreak === null && code - 0xd0 !== expected) restartBreak = codeAt - 1;
			expected = (code - 0xd0 + 1) & 7;
			restarts++;
			at = codeAt + 1;
		} else {
			return { kind: 'scan-data', start, end: ff, restarts, restartBreak };
		}
	}
}

/** The marker segment whose 0xFF is at `start`, or `broken` when its length does not fit. */
function segmentAt(
	bytes: Uint8Array,
	marker: number,
	start: number
): JpegPart & { kind: 'segment' | 'broken' } {
	if (start + 4 > bytes.length) return { kind: 'broken', reason: 'truncated', offset: start };
	const length = u16(bytes, start + 2);
	if (length < 2) return { kind: 'broken', reason: 'bad-length', offset: start };
	const end = start + 2 + length;
	if (end > bytes.length) return { kind: 'broken', reason: 'truncated', offset: start };
	return { kind: 'segment', marker, start, dataStart: start + 4, end };
}

/**
 * Walks the whole file: segments, entropy-coded data of every scan, EOI and any trailer. The
 * walk ends after EOI (yielding the trailer, if any) or with a `broken` part.
 */
export function* walkJpeg(bytes: Uint8Array): Generator<JpegPart, void, undefined> {
	if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== SOI) {
		yield { kind: 'broken', reason: 'no-soi', offset: 0 };
		return;
	}
	yield { kind: 'standalone', marker: SOI, start: 0, end: 2 };
	let at = 2;
	for (;;) {
		if (at >= bytes.length) {
			yield { kind: 'broken', reason: 'truncated', offset: at };
			return;
		}
		if (bytes[at] !== 0xff) {
			const ff = bytes.indexOf(0xff, at);
			const end = ff < 0 ? bytes.length : ff;
			yield { kind: 'garbage', start: at, end };
			at = end;
			continue;
		}
		// Fill bytes before a marker.
		let codeAt = at + 1;
		while (codeAt < bytes.length && bytes[codeAt] === 0xff) codeAt++;
		const marker = bytes[codeAt];
		if (marker === undefined) {
			yield { kind: 'broken', reason: 'truncated', offset: at };
			return;
		}
		const start = codeAt - 1;
		if (marker === 0x00 || isReserved(marker)) {
			yield { kind: 'broken', reason: 'reserved-marker', offset: start };
			return;
		}
		if (isStandalone(marker)) {
			yield { kind: 'standalone', marker, start, end: start + 2 };
			at = start + 2;
			if (marker === EOI) {
				if (at < bytes.length) yield { kind: 'trailer', start: at, end: bytes.length };
				return;
			}
			continue;
		}
		const segment = segmentAt(bytes, marker, start);
		yield segment;
		if (segment.kind === 'broken') return;
		at = segment.end;
		if (marker === SOS) {
			const data = scanEntropyData(bytes, at);
			yield data;
			at = data.end;
		}
	}
}
