/**
 * A PNG chunk walker (ISO/IEC 15948 §5.3) and what is built on it: metadata detection and
 * lossless metadata stripping. Works on bytes only, so it runs in Node, a worker or a page alike.
 * CRCs are copied, not checked: the PNGs stripped here come from the browser's own encoder.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The spec's cap on a chunk's length. */
const MAX_CHUNK_LENGTH = 0x7fff_ffff;

/**
 * The chunks a picture needs: header, palette, transparency, pixels, end. Everything else
 * (text, EXIF, time, ICC and other colour tags, physical size, animation...) is metadata here:
 * canvas output is sRGB, which is also what an untagged PNG is taken to be.
 */
const PICTURE_CHUNKS = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

export type PngPart =
	/** `start` is the length field, `dataStart` the byte after the type, `end` the byte after the CRC. */
	| { kind: 'chunk'; type: string; start: number; dataStart: number; end: number }
	/** Whatever follows IEND. */
	| { kind: 'trailer'; start: number; end: number }
	/** The walk cannot go on: no signature, a cut-off chunk or a type that is not four letters. */
	| { kind: 'broken'; reason: PngBreak; offset: number };

export type PngBreak = 'no-signature' | 'truncated' | 'bad-chunk';

function isLetter(byte: number | undefined): boolean {
	return byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));
}

/** Walks the file chunk by chunk. The walk ends after IEND (yielding a trailer, if any) or with `broken`. */
export function* walkPng(bytes: Uint8Array): Generator<PngPart, void, undefined> {
	if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
		yield { kind: 'broken', reason: 'no-signature', offset: 0 };
		return;
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let at = SIGNATURE.length;
	for (;;) {
		if (at + 12 > bytes.length) {
			yield { kind: 'broken', reason: 'truncated', offset: at };
			return;
		}
		const length = view.getUint32(at);
		const typeBytes = bytes.subarray(at + 4, at + 8);
		if (length > MAX_CHUNK_LENGTH || !typeBytes.every((b) => isLetter(b))) {
			yield { kind: 'broken', reason: 'bad-chunk', offset: at };
			return;
		}
		const end = at + 12 + length;
		if (end > bytes.length) {
			yield { kind: 'broken', reason: 'truncated', offset: at };
			return;
		}
		const type = String.fromCharCode(...typeBytes);
		yield { kind: 'chunk', type, start: at, dataStart: at + 8, end };
		at = end;
		if (type === 'IEND') {
			if (at < bytes.length) yield { kind: 'trailer', start: at, end: bytes.length };
			return;
		}
	}
}

/**
 * The types of the metadata chunks in a PNG, in file order: everything `stripPngMetadata`
 * removes. A trailer gives 'trailer'; bytes that cannot be walked give 'unreadable'.
 */
export function listPngMetadata(bytes: Uint8Array): string[] {
	const found: string[] = [];
	let first = true;
	for (const part of walkPng(bytes)) {
		if (part.kind === 'broken') found.push('unreadable');
		else if (part.kind === 'trailer') found.push('trailer');
		else if (!PICTURE_CHUNKS.has(part.type)) found.push(part.type);
		else if (first && part.type !== 'IHDR') found.push('unreadable');
		first = false;
	}
	return found;
}

/** True if the PNG carries anything besides its picture, or is no PNG that can be walked. */
export function hasPngMetadata(bytes: Uint8Array): boolean {
	return listPngMetadata(bytes).length > 0;
}

export class PngStructureError extends Error {
	readonly reason: PngBreak | 'no-header';
	readonly offset: number;

	constructor(reason: PngBreak | 'no-header', offset: number) {
		super(`PNG structure is broken (${reason} at byte ${offset})`);
		this.name = 'PngStructureError';
		this.reason = reason;
		this.offset = offset;
	}
}

/**
 * Keeps the signature and IHDR, PLTE, tRNS, IDAT and IEND, byte for byte; drops every other
 * chunk and anything after IEND. Throws `PngStructureError` on a file it cannot walk to IEND or
 * that does not start with IHDR.
 */
export function stripPngMetadata(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	const keep: Array<[number, number]> = [[0, SIGNATURE.length]];
	for (const part of walkPng(bytes)) {
		if (part.kind === 'broken') throw new PngStructureError(part.reason, part.offset);
		if (part.kind === 'trailer') continue;
		if (keep.length === 1 && part.type !== 'IHDR') throw new PngStructureError('no-header', part.start);
		if (PICTURE_CHUNKS.has(part.type)) keep.push([part.start, part.end]);
	}
	const out = new Uint8Array(keep.reduce((n, [s, e]) => n + e - s, 0));
	let at = 0;
	for (const [s, e] of keep) {
		out.set(bytes.subarray(s, e), at);
		at += e - s;
	}
	return out;
}
