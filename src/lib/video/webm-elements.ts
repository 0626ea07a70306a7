/**
 * Just enough EBML to read a WebM file's length: the EBML header first, then the `Segment`, its
 * `Info`, and in it `TimecodeScale` and `Duration`. Nothing is decoded.
 */

/** The element ids read, with their length markers, as the Matroska spec writes them. */
const ID = {
	ebmlHeader: 0x1a45dfa3,
	docType: 0x4282,
	segment: 0x18538067,
	info: 0x1549a966,
	timecodeScale: 0x2ad7b1,
	duration: 0x4489
} as const;

interface Element {
	id: number;
	body: number;
	/** Null when the size is "unknown" (a live stream's Segment). */
	end: number | null;
}

/** A variable-length integer at `at`: its value (marker kept for ids) and its length. */
function vint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number } | null {
	const first = bytes[at];
	if (first === undefined || first === 0) return null;
	const length = Math.clz32(first) - 23;
	if (length > 8 || at + length > bytes.length) return null;
	let value = keepMarker ? first : first & (0xff >> length);
	let allOnes = value === 0xff >> length;
	for (let i = 1; i < length; i++) {
		const b = bytes[at + i]!;
		value = value * 256 + b;
		if (b !== 0xff) allOnes = false;
	}
	return { value: !keepMarker && allOnes ? -1 : value, length };
}

function element(bytes: Uint8Array, at: number, limit: number): Element | null {
	const id = vint(bytes, at, true);
	if (!id || id.length > 4) return null;
	const size = vint(bytes, at + id.length, false);
	if (!size) return null;
	const body = at + id.length + size.length;
	const end = size.value < 0 ? null : body + size.value;
	if (body > limit || (end !== null && end > limit)) return null;
	return { id: id.value, body, end };
}

function* children(bytes: Uint8Array, from: number, to: number): Generator<Element> {
	let at = from;
	while (at < to) {
		const e = element(bytes, at, to);
		if (!e || e.end === null) return;
		yield e;
		at = e.end;
	}
}

function uint(bytes: Uint8Array, e: Element): number {
	let v = 0;
	for (let i = e.body; i < e.end!; i++) v = v * 256 + bytes[i]!;
	return v;
}

/** The EBML header's DocType (`webm`, `matroska`), or null when the bytes don't start with one. */
export function ebmlDocType(bytes: Uint8Array): string | null {
	const head = element(bytes, 0, bytes.length);
	if (!head || head.id !== ID.ebmlHeader || head.end === null) return null;
	for (const e of children(bytes, head.body, head.end)) {
		if (e.id === ID.docType) return String.fromCharCode(...bytes.subarray(e.body, e.end!));
	}
	return null;
}

/** The file's length in ms from its Segment's Info, or null when it says none. */
export function webmDurationMs(bytes: Uint8Array): number | null {
	const head = element(bytes, 0, bytes.length);
	if (!head || head.id !== ID.ebmlHeader || head.end === null) return null;
	const segment = element(bytes, head.end, bytes.length);
	if (!segment || segment.id !== ID.segment) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (const e of children(bytes, segment.body, segment.end ?? bytes.length)) {
		if (e.id !== ID.info) continue;
		let scale = 1_000_000;
		let duration: number | null = null;
		for (const f of children(bytes, e.body, e.end!)) {
			const size = f.end! - f.body;
			if (f.id === ID.timecodeScale && size >= 1 && size <= 6) scale = uint(bytes, f);
			if (f.id === ID.duration && size === 4) duration = view.getFloat32(f.body);
			if (f.id === ID.duration && size === 8) duration = view.getFloat64(f.body);
		}
		return duration === null || !Number.isFinite(duration) ? null : (duration * scale) / 1_000_000;
	}
	return null;
}
