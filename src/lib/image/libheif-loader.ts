/**
 * libheif in the photo worker: imported only for a file that is HEIC by its type or its header,
 * so it is a chunk of its own, and its WebAssembly a file of the app's own (no CDN: the app
 * works on a LAN with no internet). Compiled once in the photo worker (which ends after one
 * photo) and handed, compiled, to the tile workers that share a HEIC's decode.
 */
import createLibheif from 'libheif-js/libheif-wasm/libheif.js';
import wasmUrl from 'libheif-js/libheif-wasm/libheif.wasm?url';
import type { HeicPixels, Libheif } from './heic-decode';
import { tileHelper, tileHelperCount } from './heic-tile-helper';
import { withTiledHeic } from './heic-tiled-decode';
import { MAX_PIXELS } from './pixel-limits';

/**
 * What the emscripten factory takes: the compiled module is handed over, and nothing is logged.
 * This build reads the wasm exports as soon as `instantiateWasm` returns, so it must instantiate
 * synchronously and return the exports `receive` gives back (allowed in a worker, and cheap: the
 * module is compiled already).
 */
interface LibheifOptions {
	instantiateWasm(
		imports: WebAssembly.Imports,
		receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => WebAssembly.Exports
	): WebAssembly.Exports;
	print(): void;
	printErr(): void;
}

/** Compiled while it downloads where the server says `application/wasm`, else after. */
export async function compileLibheif(): Promise<WebAssembly.Module> {
	const response = await fetch(new URL(wasmUrl, import.meta.url));
	if (!response.ok) throw new Error(`libheif.wasm: HTTP ${response.status}`);
	const type = response.headers.get('Content-Type') ?? '';
	if (type.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
	return WebAssembly.compile(await response.arrayBuffer());
}

/** libheif on a module compiled already: here, or in a tile worker that was handed it. */
export async function instantiateLibheif(module: WebAssembly.Module): Promise<Libheif> {
	const factory = createLibheif as unknown as (options: LibheifOptions) => Promise<Libheif>;
	const lib = await factory({
		instantiateWasm: (imports, receive) => receive(new WebAssembly.Instance(module, imports), module),
		print() {},
		printErr() {}
	});
	if (typeof lib._malloc !== 'function') throw new Error('libheif: exports missing');
	return lib;
}

/** `withDecodedHeic` on one libheif instance, reused for every HEIC this worker decodes. */
export type HeicDecoder = <T>(bytes: Uint8Array, use: (pixels: HeicPixels) => Promise<T>) => Promise<T>;

/**
 * libheif loaded; throws where it cannot load (no WebAssembly, or a policy that forbids compiling
 * it). A grid's tiles are shared with `tileHelperCount()` tile workers, each started for one HEIC.
 */
export async function loadHeicDecoder(): Promise<HeicDecoder> {
	const module = await compileLibheif();
	const lib = await instantiateLibheif(module);
	return (bytes, use) =>
		withTiledHeic(lib, bytes, use, () =>
			Array.from({ length: tileHelperCount() }, () => tileHelper(module, bytes, MAX_PIXELS))
		);
}
