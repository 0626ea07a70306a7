import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { it, vi } from 'vitest';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { heifItemsInFile } from './heif-items';
vi.mock('./inspect-photo', () => ({ inspectPhoto: () => ({ header: { format: 'heic' }, shownSize: { width: 4032, height: 3024 } }) }));
import { withDecodedHeic, type Libheif } from './heic-decode';
it('scratch', async () => {
	const require = createRequire(import.meta.url);
	const glue = require.resolve('libheif-js/libheif-wasm/libheif.js');
	const lib = await (require(glue) as (o: object) => Promise<Libheif>)({ wasmBinary: readFileSync(glue.replace(/\.js$/, '.wasm')), print() {}, printErr() {} });
	const HEIC = fixtureBytes('iphone_13_pro_max.HEIC');
	for (const end of [HEIC.length - 1, HEIC.length - 100000, 1_100_000]) {
		console.log(end, heifItemsInFile(HEIC.subarray(0, end)), await withDecodedHeic(lib, HEIC.subarray(0, end), async (p) => { let g = 0; for (let i = 0; i < p.data.length; i += 4 * 97) if (p.data[i]! < 10 && p.data[i + 1]! > 100) g++; return 'decoded green ' + g; }).catch((e) => String(e)));
	}
}, 60000);
