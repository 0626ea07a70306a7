import { afterEach, describe, expect, it, vi } from 'vitest';
import { FillingDigest, sha256Hex } from './sha256-digest';

// SHA-256("abc"), FIPS 180-2 appendix B.1.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const abc = () => new Uint8Array([0x61, 0x62, 0x63]);

describe('sha256Hex and FillingDigest', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('match the standard vector natively', async () => {
		expect(await sha256Hex(abc())).toBe(ABC);
		const d = new FillingDigest();
		d.update(abc().subarray(0, 1));
		d.update(abc().subarray(1));
		expect(await d.digestHex(abc())).toBe(ABC);
	});

	it('match it in JS where the context is not secure (plain-http LAN page)', async () => {
		vi.stubGlobal('isSecureContext', false);
		expect(await sha256Hex(abc())).toBe(ABC);
		const d = new FillingDigest();
		d.update(abc().subarray(0, 2));
		d.update(abc().subarray(2));
		// Incremental: the whole buffer handed at the end is not what it hashes.
		expect(await d.digestHex(new Uint8Array(3))).toBe(ABC);
	});
});
