/**
 * HEIC decoded by libheif (WebAssembly), for browsers that cannot decode HEIC themselves. The
 * libheif module is passed in: the worker loads it from the app's own files (`libheif-loader.ts`),
 * unit tests from node_modules. libheif's C API is called directly, not through libheif-js's
 * wrapper, for three things the wrapper cannot do: limits per context (so a picture whose header
 * lies is refused by libheif too), strict decoding (a damaged tile is an error, not a hole painted
 * green), and the decoded pixels read in place.
 */
import type { PixelSize } from './image-header';
import { inspectPhoto } from './inspect-photo';
import { MAX_PIXELS } from './pixel-limits';
import type { Libheif, Ptr } from './libheif-api';
import { PrepareError, tooLargeError } from './prepare-error';

export type { Libheif, Ptr } from './libheif-api';

/** Upright RGBA pixels, 4 bytes each, row after row with no gap. */
export interface HeicPixels {
	data: Uint8ClampedArray<ArrayBuffer>;
	width: number;
	height: number;
}

export interface HeicLimits {
	/** What libheif itself may decode, in pixels: `MAX_PIXELS` unless a test asks for less. */
	maxPixels: number;
}

// libheif's enums and error codes (heif_error.h, heif_image.h).
const HEIF_OK = 0;
const SECURITY_LIMIT_EXCEEDED = 1000;
export const COLORSPACE_RGB = 1;
export const CHROMA_INTERLEAVED_RGBA = 11;
export const CHANNEL_INTERLEAVED = 10;

/**
 * Field offsets in libheif's versioned structs, which only ever grow at the end: the security
 * limits from version 2, the decoding options from version 3. The memory limits leave room for
 * a picture at `MAX_PIXELS` (400 MB of RGBA) in libheif's 2 GB heap.
 */
const LIMITS = { version: 0, maxImagePixels: 8, maxMemoryBlock: 40, maxTotalMemory: 64, bytes: 72 } as const;
const OPTIONS = { version: 0, strictDecoding: 21, bytes: 22 } as const;
const MIB = 1024 * 1024;
const MAX_MEMORY_BLOCK = 512 * MIB;
const MAX_TOTAL_MEMORY = 1536 * MIB;

/** Scratch space for one call's outputs: a `heif_error` (12 bytes) and one pointer or size. */
const SCRATCH = { error: 0, out: 12, bytes: 16 } as const;

function view(lib: Libheif, at: Ptr, bytes: number): DataView {
	return new DataView(lib.HEAPU8.buffer, lib.HEAPU8.byteOffset + at, bytes);
}

/** Sets the context's limits, which libheif checks against every picture, tile and allocation. */
function limitContext(lib: Libheif, context: Ptr, { maxPixels }: HeicLimits): void {
	const limits = view(lib, lib._heif_context_get_security_limits(context), LIMITS.bytes);
	if (limits.getUint8(LIMITS.version) < 2) throw new PrepareError('failed');
	limits.setBigUint64(LIMITS.maxImagePixels, BigInt(maxPixels), true);
	limits.setBigUint64(LIMITS.maxMemoryBlock, BigInt(MAX_MEMORY_BLOCK), true);
	limits.setBigUint64(LIMITS.maxTotalMemory, BigInt(MAX_TOTAL_MEMORY), true);
}

/** Decoding options that turn any damage libheif meets into an error. */
function strictOptions(lib: Libheif): Ptr {
	const options = lib._heif_decoding_options_alloc();
	const fields = view(lib, options, OPTIONS.bytes);
	if (fields.getUint8(OPTIONS.version) < 3) {
		lib._heif_decoding_options_free(options);
		throw new PrepareError('failed');
	}
	fields.setUint8(OPTIONS.strictDecoding, 1);
	return options;
}

/** Throws libheif's error written at `scratch`, as the user sees it: over a limit, or damaged. */
function checkError(lib: Libheif, scratch: Ptr, size: PixelSize): void {
	const error = view(lib, scratch + SCRATCH.error, 8);
	if (error.getInt32(0, true) === HEIF_OK) return;
	throw error.getInt32(4, true) === SECURITY_LIMIT_EXCEEDED
		? tooLargeError(size.width, size.height)
		: new PrepareError('corrupt');
}

function readPtr(lib: Libheif, at: Ptr): Ptr {
	return view(lib, at, 4).getUint32(0, true);
}

/** Whether `size` fits in `box` one way or the other (a rotation swaps the sides; a crop shrinks them). */
function fitsTurned(size: PixelSize, box: PixelSize): boolean {
	const fits = (w: number, h: number) =>
		size.width > 0 && size.height > 0 && size.width <= w && size.height <= h;
	return fits(box.width, box.height) || fits(box.height, box.width);
}

/**
 * A HEIC opened in libheif, its primary picture's handle had: what a decode needs. `check`
 * throws libheif's error from the last call given `error`; `own` frees a pointer when the HEIC
 * is closed (in reverse order).
 */
export interface OpenHeic {
	lib: Libheif;
	handle: Ptr;
	/** The picture as libheif shows it: turned and cropped. */
	size: PixelSize;
	options: Ptr;
	/** Where a call writes its `heif_error`, and right after it one pointer or size. */
	error: Ptr;
	out: Ptr;
	limits: HeicLimits;
	check(): void;
	readOut(): Ptr;
	own(ptr: Ptr, free: (p: Ptr) => void): Ptr;
}

/**
 * Opens a HEIC in libheif and hands it to `use`; all of it is freed once `use` settles. The
 * file must pass `inspectPhoto` first (a whole HEIC within the limits, read from its `ispe`
 * boxes), and libheif enforces the same limits. Throws `PrepareError`: 'too-large', or 'corrupt'
 * for a damaged file.
 */
export async function withOpenHeic<T>(
	lib: Libheif,
	bytes: Uint8Array,
	limits: HeicLimits,
	use: (heic: OpenHeic) => Promise<T>
): Promise<T> {
	const { header, shownSize } = inspectPhoto(bytes);
	if (header.format !== 'heic') throw new PrepareError('not-an-image');
	const owned: Array<() => void> = [];
	const own = (ptr: Ptr, free: (p: Ptr) => void): Ptr => {
		if (ptr === 0) throw new PrepareError('failed');
		owned.push(() => free(ptr));
		return ptr;
	};
	try {
		const scratch = own(lib._malloc(SCRATCH.bytes), (p) => lib._free(p));
		const input = own(lib._malloc(bytes.length), (p) => lib._free(p));
		lib.HEAPU8.set(bytes, input);
		const context = own(lib._heif_context_alloc(), (p) => lib._heif_context_free(p));
		limitContext(lib, context, limits);
		const check = () => checkError(lib, scratch, shownSize);
		const out = scratch + SCRATCH.out;

		lib._heif_context_read_from_memory_without_copy(scratch, context, input, bytes.length, 0);
		check();
		lib._heif_context_get_primary_image_handle(scratch, context, out);
		check();
		const handle = own(readPtr(lib, out), (p) => lib._heif_image_handle_release(p));
		const size = {
			width: lib._heif_image_handle_get_width(handle),
			height: lib._heif_image_handle_get_height(handle)
		};
		if (!fitsTurned(size, shownSize)) throw new PrepareError('corrupt');
		const options = own(strictOptions(lib), (p) => lib._heif_decoding_options_free(p));
		const readOut = () => readPtr(lib, out);
		return await use({ lib, handle, size, options, error: scratch, out, limits, check, readOut, own });
	} finally {
		for (const free of owned.reverse()) free();
	}
}

/**
 * Decodes the primary picture of a HEIC, upright (libheif applies its `irot`, `imir` and `clap`),
 * and hands its pixels to `use`; they live in libheif's memory, freed once `use` settles. See
 * `withOpenHeic` for what is checked.
 */
export function withDecodedHeic<T>(
	lib: Libheif,
	bytes: Uint8Array,
	use: (pixels: HeicPixels) => Promise<T>,
	limits: HeicLimits = { maxPixels: MAX_PIXELS }
): Promise<T> {
	return withOpenHeic(lib, bytes, limits, (heic) => decodeWhole(heic, use));
}

/** The open HEIC's picture decoded whole, in libheif's memory while `use` runs. */
export function decodeWhole<T>(heic: OpenHeic, use: (pixels: HeicPixels) => Promise<T>): Promise<T> {
	const { lib, handle, options, error, out } = heic;
	lib._heif_decode_image(error, handle, out, COLORSPACE_RGB, CHROMA_INTERLEAVED_RGBA, options);
	heic.check();
	const image = heic.own(heic.readOut(), (p) => lib._heif_image_release(p));
	return use(interleavedPixels(lib, image, heic.size, out));
}

/** The RGBA plane of a decoded picture: a view where its rows have no gap, else a copy. */
export function interleavedPixels(lib: Libheif, image: Ptr, size: PixelSize, strideAt: Ptr): HeicPixels {
	const { width, height } = size;
	const row = width * 4;
	const w = lib._heif_image_get_width(image, CHANNEL_INTERLEAVED);
	const h = lib._heif_image_get_height(image, CHANNEL_INTERLEAVED);
	const plane = lib._heif_image_get_plane_readonly2(image, CHANNEL_INTERLEAVED, strideAt);
	const stride = readPtr(lib, strideAt);
	if (w !== width || h !== height || plane === 0 || stride < row) throw new PrepareError('corrupt');
	const heap = lib.HEAPU8;
	if (!(heap.buffer instanceof ArrayBuffer)) throw new PrepareError('failed');
	if (stride === row) return { data: new Uint8ClampedArray(heap.buffer, plane, row * height), width, height };
	const out = new Uint8ClampedArray(row * height);
	for (let y = 0; y < height; y++)
		out.set(heap.subarray(plane + y * stride, plane + y * stride + row), y * row);
	return { data: out, width, height };
}
