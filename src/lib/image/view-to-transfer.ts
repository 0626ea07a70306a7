/**
 * Past this much of its buffer around a photo's bytes (what a strip done in the file's own buffer
 * dropped: metadata, a motion photo's video after EOI), they get a buffer of their own.
 */
const MAX_SLACK_BYTES = 1 << 20;

/**
 * The view a worker transfers for `bytes`: they themselves, in their own buffer, with every other
 * byte of it zeroed (nothing but the image leaves); or a copy in a buffer of its own where the rest
 * would hold much more memory than they need (the rest zeroed all the same).
 */
export function viewToTransfer(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
	const all = new Uint8Array(bytes.buffer);
	const slack = all.length - bytes.length;
	if (slack === 0) return bytes;
	if (slack > Math.max(MAX_SLACK_BYTES, bytes.length / 16)) {
		const own = bytes.slice();
		all.fill(0);
		return own;
	}
	all.fill(0, 0, bytes.byteOffset);
	all.fill(0, bytes.byteOffset + bytes.length);
	return bytes;
}
