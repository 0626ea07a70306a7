import { describe, expect, it } from 'vitest';
import { header as sealedHeader } from '../../../tests/support/room-scenarios';
import { PLAIN_CHUNK_BYTES } from '../crypto/drop-sealing';
import { CHUNK_BYTES, MAX_DROP_BYTES, type DropHeader } from '../protocol/peer-messages';
import { DropAssembler } from './drop-assembler';
import { chunkRefusal, startAssembly, strayChunkRefusal } from './drop-refusals';
import { clampExpiry, RECEIVE_BUDGET } from './receive-budget';

/** Three whole chunks and a few bytes: the last chunk is short. */
const honest = await sealedHeader(new Uint8Array(3 * PLAIN_CHUNK_BYTES + 5));
const size = honest.size;
const NOW = honest.options.expiresAt - 600_000;
const header = (over: Partial<DropHeader> = {}) => ({ ...honest, ...over }) as DropHeader;

const fresh = { known: false, arriving: 0 };

describe('startAssembly', () => {
	it('an honest header gets an assembler for its bytes', () => {
		expect(startAssembly(header(), fresh)).toBeInstanceOf(DropAssembler);
		const below = { known: false, arriving: RECEIVE_BUDGET.arrivingPerPeer - 1 };
		expect(startAssembly(header(), below)).toBeInstanceOf(DropAssembler);
	});

	it('refuses a stream or id in use, and more drops at once than an honest sender sends', () => {
		expect(startAssembly(header(), { known: true, arriving: 0 })).toBe('duplicate-drop');
		const flood = { known: false, arriving: RECEIVE_BUDGET.arrivingPerPeer };
		expect(startAssembly(header(), flood)).toBe('too-many-arriving');
	});

	it('refuses a size over the cap, or one no sealed copy can have, or a bad salt', () => {
		expect(startAssembly(header({ size: MAX_DROP_BYTES + 1 }), fresh)).toBe('too-big');
		expect(startAssembly(header({ size: 5 }), fresh)).toBe('broken-promise');
		expect(startAssembly(header({ salt: 'A' }), fresh)).toBe('broken-promise');
	});
});

describe('chunkRefusal', () => {
	const assembler = startAssembly(header(), fresh) as DropAssembler;

	it('full chunks pass, and a short one only as the last', () => {
		expect(chunkRefusal(assembler, CHUNK_BYTES)).toBeNull();
		expect(chunkRefusal(assembler, CHUNK_BYTES - 1)).toBe('short-chunk');
		expect(chunkRefusal(assembler, 1)).toBe('short-chunk');
		for (let i = 0; i < 3; i++) assembler.accept(new Uint8Array(CHUNK_BYTES));
		expect(chunkRefusal(assembler, size - 3 * CHUNK_BYTES)).toBeNull();
		expect(chunkRefusal(assembler, size - 3 * CHUNK_BYTES - 1)).toBe('short-chunk');
	});
});

describe('strayChunkRefusal', () => {
	it('lets a refused drop’s bytes fall, up to what it promised; other streams are unknown', () => {
		expect(strayChunkRefusal('let-fall')).toBeNull();
		expect(strayChunkRefusal('overflow')).toBe('broken-promise');
		expect(strayChunkRefusal(null)).toBe('unknown-stream');
	});
});

describe('clampExpiry', () => {
	it('keeps an expiry within what any sender may ask, and pulls a later one in', () => {
		const h = header();
		expect(clampExpiry(h, NOW)).toBe(h);
		const late = header({ options: { ...h.options, expiresAt: NOW + RECEIVE_BUDGET.maxExpiryMs + 1 } });
		const clamped = clampExpiry(late, NOW);
		expect(clamped.options.expiresAt).toBe(NOW + RECEIVE_BUDGET.maxExpiryMs);
		expect(clamped.options.views).toBe(1);
		expect(late.options.expiresAt).toBe(NOW + RECEIVE_BUDGET.maxExpiryMs + 1);
	});
});
