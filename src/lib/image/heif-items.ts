/**
 * Whether a HEIF file holds all the data its items point at. libheif decodes a grid whose tiles
 * are missing (a truncated download) without an error, painting the holes green, so a cut-off
 * HEIC is refused here, from its `iloc` box, before any decoder sees it.
 */
import { childBox, topLevelBox, type Box } from './iso-boxes';

/** Reads big-endian unsigned fields of 0, 2, 4 or 8 bytes in turn; null once past `end`. */
class FieldReader {
	readonly #view: DataView;
	#at: number;
	readonly #end: number;

	constructor(bytes: Uint8Array, from: number, end: number) {
		this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		this.#at = from;
		this.#end = end;
	}

	read(size: number): number | null {
		if (this.#at + size > this.#end) return null;
		const at = this.#at;
		this.#at += size;
		switch (size) {
			case 0:
				return 0;
			case 1:
				return this.#view.getUint8(at);
			case 2:
				return this.#view.getUint16(at);
			case 4:
				return this.#view.getUint32(at);
			case 8:
				return Number(this.#view.getBigUint64(at));
			default:
				return null;
		}
	}
}

/** Where an extent's offsets count from: the file (method 0) or the `idat` box (method 1). */
function extentSpace(bytes: Uint8Array, meta: Box, method: number): { start: number; end: number } | null {
	if (method === 0) return { start: 0, end: bytes.length };
	if (method !== 1) return null;
	const idat = childBox(bytes, meta, 'idat', true);
	return idat && { start: idat.body, end: idat.end };
}

/**
 * True when every item's extents lie inside the file (or its `idat`). False for a file without
 * a readable `iloc`, data in another file, or an extent past the end.
 */
export function heifItemsInFile(bytes: Uint8Array): boolean {
	const meta = topLevelBox(bytes, 'meta');
	const iloc = meta && childBox(bytes, meta, 'iloc', true);
	if (!meta || !iloc) return false;
	const r = new FieldReader(bytes, iloc.body, iloc.end);
	const version = r.read(1);
	r.read(3); // flags
	const sizes = r.read(2);
	if (version === null || version > 2 || sizes === null) return false;
	const [offsetSize, lengthSize, baseOffsetSize] = [sizes >> 12, (sizes >> 8) & 0xf, (sizes >> 4) & 0xf];
	const indexSize = version === 0 ? 0 : sizes & 0xf;
	const itemCount = r.read(version === 2 ? 4 : 2);
	if (itemCount === null) return false;
	for (let item = 0; item < itemCount; item++) {
		if (r.read(version === 2 ? 4 : 2) === null) return false; // item_ID
		const method = version === 0 ? 0 : r.read(2);
		const dataReference = r.read(2);
		const baseOffset = r.read(baseOffsetSize);
		const extentCount = r.read(2);
		if (method === null || dataReference === null || baseOffset === null || extentCount === null)
			return false;
		// Method 2 points into another item, which is checked in its own right.
		const space = (method & 0xf) === 2 ? { start: 0, end: Infinity } : extentSpace(bytes, meta, method & 0xf);
		if (dataReference !== 0 || space === null) return false;
		for (let extent = 0; extent < extentCount; extent++) {
			if (r.read(indexSize) === null) return false;
			const offset = r.read(offsetSize);
			const length = r.read(lengthSize);
			if (offset === null || length === null) return false;
			const start = space.start + baseOffset + offset;
			// A length of 0 means "to the end": present as long as it starts inside.
			if (start + Math.max(length, 1) > space.end) return false;
		}
	}
	return true;
}
