import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
	calculateGenerator,
	generatorString,
	intermediateKey,
	scalarFrom,
	share,
	sharedSecret,
	transcriptIr
} from './cpace';

/**
 * The published test vector of draft-irtf-cfrg-cpace (appendix B.3, "Test vector for CPace using
 * group ristretto255 and hash SHA-512"), copied from the draft, not computed by this code.
 */
const VECTOR = {
	prs: utf8ToBytes('Password'),
	ci: hexToBytes('6f630b425f726573706f6e6465720b415f696e69746961746f72'),
	sid: hexToBytes('7e4b4791d6a8ef019b936c79fb7f2c57'),
	generatorString:
		'11435061636552697374726574746f3235350850617373776f726464' +
		'00'.repeat(100) +
		'1a6f630b425f726573706f6e6465720b415f696e69746961746f72107e4b4791d6a8ef019b936c79fb7f2c57',
	generator: 'a6fc82c3b8968fbb2e06fee81ca858586dea50d248f0c7ca6a18b0902a30b36b',
	ya: 'da3d23700a9e5699258aef94dc060dfda5ebb61f02a5ea77fad53f4ff0976d08',
	Ya: 'd40fb265a7abeaee7939d91a585fe59f7053f982c296ec413c624c669308f87a',
	ada: utf8ToBytes('ADa'),
	yb: 'd2316b454718c35362d83d69df6320f38578ed5984651435e2949762d900b80d',
	Yb: '08bcf6e9777a9c313a3db6daa510f2d398403319c2341bd506a92e672eb7e307',
	adb: utf8ToBytes('ADb'),
	K: 'e22b1ef7788f661478f3cddd4c600774fc0f41e6b711569190ff88fa0e607e09',
	transcriptIr:
		'20d40fb265a7abeaee7939d91a585fe59f7053f982c296ec413c624c669308f87a0341446120' +
		'08bcf6e9777a9c313a3db6daa510f2d398403319c2341bd506a92e672eb7e30703414462',
	isk:
		'4c5469a16b2364c4b944ebc1a79e51d1674ad47db26e8718154f59faebfaa52d' +
		'8346f30aa58377117eb20d527f2cbc5c76381f7fd372e89df8239f87f2e02ed1'
};

describe("CPace over ristretto255 with SHA-512: the draft's test vector", () => {
	const { prs, ci, sid } = VECTOR;
	const ya = scalarFrom(hexToBytes(VECTOR.ya));
	const yb = scalarFrom(hexToBytes(VECTOR.yb));

	it('builds the generator string and the generator', () => {
		expect(bytesToHex(generatorString(prs, ci, sid))).toBe(VECTOR.generatorString);
		expect(bytesToHex(calculateGenerator(prs, ci, sid).toBytes())).toBe(VECTOR.generator);
	});

	it('computes both shares and the same K on each side', () => {
		expect(bytesToHex(share(prs, ci, sid, ya))).toBe(VECTOR.Ya);
		expect(bytesToHex(share(prs, ci, sid, yb))).toBe(VECTOR.Yb);
		expect(bytesToHex(sharedSecret(ya, hexToBytes(VECTOR.Yb))!)).toBe(VECTOR.K);
		expect(bytesToHex(sharedSecret(yb, hexToBytes(VECTOR.Ya))!)).toBe(VECTOR.K);
	});

	it('lays out the transcript and derives the ISK', () => {
		const ends = { ya: hexToBytes(VECTOR.Ya), ada: VECTOR.ada, yb: hexToBytes(VECTOR.Yb), adb: VECTOR.adb };
		expect(bytesToHex(transcriptIr(ends.ya, ends.ada, ends.yb, ends.adb))).toBe(VECTOR.transcriptIr);
		expect(bytesToHex(intermediateKey(sid, hexToBytes(VECTOR.K), ends))).toBe(VECTOR.isk);
	});

	it('aborts on the identity and on bytes that are no ristretto255 encoding', () => {
		expect(sharedSecret(ya, new Uint8Array(32))).toBeNull();
		expect(sharedSecret(ya, new Uint8Array(32).fill(0xff))).toBeNull();
		expect(sharedSecret(ya, new Uint8Array(31))).toBeNull();
	});
});
