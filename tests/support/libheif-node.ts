import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Libheif } from '../../src/lib/image/heic-decode';

/** libheif-js's WebAssembly build, loaded in Node from node_modules (the app serves its own copy). */
export function loadLibheifInNode(): Promise<Libheif> {
	const require = createRequire(import.meta.url);
	const glue = require.resolve('libheif-js/libheif-wasm/libheif.js');
	const factory = require(glue) as (options: object) => Promise<Libheif>;
	const wasmBinary = readFileSync(glue.replace(/\.js$/, '.wasm'));
	return factory({ wasmBinary, print: () => {}, printErr: () => {} });
}

/**
 * Mean colour of each cell of a `grid` × `grid` split of RGBA pixels, as [r, g, b] triples row
 * after row: a picture's layout, small enough to compare across decoders and scalings.
 */
export function cellMeans(data: ArrayLike<number>, width: number, height: number, grid: number): number[] {
	const sums = new Array<number>(grid * grid * 4).fill(0);
	for (let y = 0; y < height; y += 2) {
		const cy = Math.min(grid - 1, Math.floor((y * grid) / height));
		for (let x = 0; x < width; x += 2) {
			const cell = (cy * grid + Math.min(grid - 1, Math.floor((x * grid) / width))) * 4;
			const i = (y * width + x) * 4;
			sums[cell]! += data[i]!;
			sums[cell + 1]! += data[i + 1]!;
			sums[cell + 2]! += data[i + 2]!;
			sums[cell + 3]!++;
		}
	}
	const out: number[] = [];
	for (let c = 0; c < grid * grid; c++) {
		const n = sums[c * 4 + 3]!;
		out.push(sums[c * 4]! / n, sums[c * 4 + 1]! / n, sums[c * 4 + 2]! / n);
	}
	return out;
}
