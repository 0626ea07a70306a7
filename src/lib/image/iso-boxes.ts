/** The boxes of an ISO base media file (HEIF, AVIF, MP4), read without trusting their sizes. */

export interface Box {
	type: string;
	/** Where the box starts, and where its payload starts and ends. */
	start: number;
	body: number;
	end: number;
}

function viewOf(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The boxes in [from, to); stops at the first malformed one. */
export function* boxes(bytes: Uint8Array, from = 0, to = bytes.length): Generator<Box, void, undefined> {
	const view = viewOf(bytes);
	let at = from;
	while (at + 8 <= to) {
		let size = view.getUint32(at);
		let body = at + 8;
		if (size === 1) {
			if (at + 16 > to) return;
			const large = view.getBigUint64(at + 8);
			if (large > BigInt(to - at)) return;
			size = Number(large);
			body = at + 16;
		} else if (size === 0) {
			size = to - at;
		}
		if (size < body - at || at + size > to) return;
		yield { type: String.fromCharCode(...bytes.subarray(at + 4, at + 8)), start: at, body, end: at + size };
		at += size;
	}
}

/** The first top-level box of `type`, or null. */
export function topLevelBox(bytes: Uint8Array, type: string): Box | null {
	for (const box of boxes(bytes, 0, bytes.length)) if (box.type === type) return box;
	return null;
}

/** The first child of `parent` of `type`; a full box's children start after its version and flags. */
export function childBox(bytes: Uint8Array, parent: Box, type: string, fullBox: boolean): Box | null {
	const from = parent.body + (fullBox ? 4 : 0);
	for (const box of boxes(bytes, from, parent.end)) if (box.type === type) return box;
	return null;
}
