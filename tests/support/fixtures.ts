import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared test photos (real camera files, a decompression bomb, a damaged JPEG, HEIC). */
export const FIXTURE_DIR = fileURLToPath(new URL('../../../shared/fixtures/images/', import.meta.url));

/** The path of the fixture file `name`. */
export function fixturePath(name: string): string {
	return `${FIXTURE_DIR}${name}`;
}

/** The bytes of the fixture file `name`. */
export function fixtureBytes(name: string): Uint8Array<ArrayBuffer> {
	return new Uint8Array(readFileSync(fixturePath(name)));
}

/** Byte arrays and byte lists, one after another in one new array: test input built by hand. */
export function concatBytes(...parts: Array<Uint8Array | number[]>): Uint8Array<ArrayBuffer> {
	const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
	const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
	let at = 0;
	for (const a of arrays) {
		out.set(a, at);
		at += a.length;
	}
	return out;
}
