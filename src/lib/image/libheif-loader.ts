/**
 * libheif in the photo worker: imported only for a file that is HEIC by its type or its header,
 * so it is a chunk of its own, and its WebAssembly a file of the app's own (no CDN: the app
 * works on a LAN with no internet). Loaded afresh in each worker, which ends after one photo.
 */
import createLibheif from 'libheif-js/libheif-wasm/libheif.js';
import wasmUrl from 'libheif-js/libheif-wasm/libheif.wasm?url';
import { withDecodedHeic, type HeicPixels, type Libheif } from './heic-decode';

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
async function compileLibheif(): Promise<WebAssembly.Module> {
	const response = await fetch(new URL(wasmUrl, import.meta.url));
	if (!response.ok) throw new Error(`libheif.wasm: HTTP ${response.status}`);
	const type = response.headers.get('Content-Type') ?? '';
	if (type.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
	return WebAssembly.compile(await response.arrayBuffer());
}

export async function loadLibheif(): Promise<Libheif> {
	const module = await compileLibheif();
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

/** libheif loaded; throws where it cannot load (no WebAssembly, or a policy that forbids compiling it). */
export async function loadHeicDecoder(): Promise<HeicDecoder> {
	const lib = await loadLibheif();
	return (bytes, use) => withDecodedHeic(lib, bytes, use);
}
