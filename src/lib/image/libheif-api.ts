/** The part of libheif's C API this app calls, as libheif-js's WebAssembly module exports it. */

/** Pointers and sizes in libheif's 32-bit memory are plain numbers. */
export type Ptr = number;

/**
 * The part of libheif-js's module (`libheif-wasm/libheif.js`, libheif 1.23) used here. The
 * functions that return a `heif_error` take the address to write it to first.
 */
export interface Libheif {
	HEAPU8: Uint8Array;
	_malloc(size: number): Ptr;
	_free(ptr: Ptr): void;
	_heif_context_alloc(): Ptr;
	_heif_context_free(context: Ptr): void;
	_heif_context_get_security_limits(context: Ptr): Ptr;
	_heif_context_read_from_memory_without_copy(
		error: Ptr,
		context: Ptr,
		data: Ptr,
		size: number,
		reserved: Ptr
	): void;
	_heif_context_get_primary_image_handle(error: Ptr, context: Ptr, handle: Ptr): void;
	_heif_image_handle_get_width(handle: Ptr): number;
	_heif_image_handle_get_height(handle: Ptr): number;
	_heif_image_handle_release(handle: Ptr): void;
	_heif_decoding_options_alloc(): Ptr;
	_heif_decoding_options_free(options: Ptr): void;
	_heif_decode_image(
		error: Ptr,
		handle: Ptr,
		image: Ptr,
		colorspace: number,
		chroma: number,
		options: Ptr
	): void;
	_heif_image_handle_get_ispe_width(handle: Ptr): number;
	_heif_image_handle_get_ispe_height(handle: Ptr): number;
	_heif_image_handle_get_image_tiling(error: Ptr, handle: Ptr, transformed: number, tiling: Ptr): void;
	_heif_image_handle_decode_image_tile(
		error: Ptr,
		handle: Ptr,
		image: Ptr,
		colorspace: number,
		chroma: number,
		options: Ptr,
		tileX: number,
		tileY: number
	): void;
	_heif_image_get_width(image: Ptr, channel: number): number;
	_heif_image_get_height(image: Ptr, channel: number): number;
	_heif_image_get_plane_readonly2(image: Ptr, channel: number, stride: Ptr): Ptr;
	_heif_image_release(image: Ptr): void;
}
