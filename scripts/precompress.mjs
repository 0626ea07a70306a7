import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What compresses: code, styles, the HEIC decoder. Images are compressed already. */
const COMPRESSIBLE = /\.(js|css|wasm|json|svg)$/;
/**
 * Brotli's best quality costs about a second per megabyte: the pages' own code gets it, the
 * larger files loaded on demand (the HEIC decoder, the remuxer) a faster one.
 */
const BEST_QUALITY_UP_TO = 256 * 1024;

/**
 * Writes `<file>.gz` and `<file>.br` beside every compressible file under `dir`, for the static
 * server (sirv, `gzip` and `brotli` on) to send to a browser that accepts them: without these it
 * sent every script uncompressed, three times the bytes over a phone's Wi-Fi. Only the hashed
 * assets are given, so a copy can never be stale. Returns the number of files compressed.
 * @param {string} dir
 * @returns {number}
 */
export function precompressTree(dir) {
	const files = listFiles(dir).filter((f) => COMPRESSIBLE.test(f));
	for (const file of files) {
		const bytes = readFileSync(file);
		const quality = bytes.length <= BEST_QUALITY_UP_TO ? constants.BROTLI_MAX_QUALITY : 9;
		writeFileSync(`${file}.gz`, gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
		writeFileSync(
			`${file}.br`,
			brotliCompressSync(bytes, {
				params: {
					[constants.BROTLI_PARAM_QUALITY]: quality,
					[constants.BROTLI_PARAM_SIZE_HINT]: bytes.length
				}
			})
		);
	}
	return files.length;
}

/** @param {string} dir @returns {string[]} */
function listFiles(dir) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? listFiles(path) : [path];
	});
}
