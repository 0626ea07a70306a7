import { describe, expect, it, vi } from 'vitest';
import { describeCopy, newDropKey, sealChunk } from '../crypto/drop-sealing';
import type { DropHeader } from '../protocol/peer-messages';
import { SealedHold } from './sealed-hold';
import type { ViewAnswer } from './view-requests';

const text = new TextEncoder().encode('a secret');

/** A text drop sealed under a fresh key, as a sender would send it. */
function sealedText() {
	const key = newDropKey();
	const copy = describeCopy('A'.repeat(22), text.length);
	const chunks = [sealChunk(key, copy, text, 0)];
	const header = {
		t: 'drop',
		id: copy.dropId,
		stream: 1,
		kind: 'text',
		mime: 'text/plain;charset=utf-8',
		size: copy.size,
		salt: 'A'.repeat(22),
		options: { views: 1, seconds: 10, hold: false, expiresAt: 0, caption: '' }
	} as DropHeader;
	return { key, copy, chunks, header };
}

const zeroed = (b: Uint8Array) => b.every((x) => x === 0);

describe('SealedHold', () => {
	it('opens the copy once with the key the sender grants, and lets the bytes go', async () => {
		const { key, copy, chunks, header } = sealedText();
		const hold = new SealedHold();
		hold.keep(chunks, copy);
		const granted = key.slice();
		const opened = await hold.open(
			header,
			() => Promise.resolve({ kind: 'key', key: granted }),
			() => true
		);
		expect(opened).toEqual({ kind: 'shown', shown: { kind: 'text', text: 'a secret' } });
		expect(hold.holding).toBe(false);
		expect(zeroed(granted) && zeroed(chunks[0]!)).toBe(true);
	});

	it('uses a leaving sender’s key without asking; a second key is zeroed', async () => {
		const { key, copy, chunks, header } = sealedText();
		const hold = new SealedHold();
		hold.keep(chunks, copy);
		hold.bequeath(key.slice());
		const second = key.slice();
		hold.bequeath(second);
		expect(zeroed(second)).toBe(true);
		const ask = vi.fn<() => Promise<ViewAnswer>>();
		const opened = await hold.open(header, ask, () => true);
		expect(ask).not.toHaveBeenCalled();
		expect(opened.kind).toBe('shown');
		expect(hold.bequeathed).toBe(false);
	});

	it('a refusal or no answer keeps the bytes sealed; a key for an ended drop is zeroed', async () => {
		const { key, copy, chunks, header } = sealedText();
		const hold = new SealedHold();
		hold.keep(chunks, copy);
		expect(
			await hold.open(
				header,
				() => Promise.resolve({ kind: 'refused' }),
				() => true
			)
		).toEqual({
			kind: 'refused'
		});
		expect(
			await hold.open(
				header,
				() => Promise.resolve({ kind: 'absent' }),
				() => true
			)
		).toEqual({
			kind: 'absent'
		});
		expect(hold.holding).toBe(true);
		const late = key.slice();
		const opened = await hold.open(
			header,
			() => Promise.resolve({ kind: 'key', key: late }),
			() => false
		);
		expect(opened).toEqual({ kind: 'ended' });
		expect(zeroed(late)).toBe(true);
	});

	it('wipe zeroes the bytes and any key left', () => {
		const { key, copy, chunks } = sealedText();
		const hold = new SealedHold();
		hold.keep(chunks, copy);
		hold.bequeath(key);
		hold.wipe();
		expect(zeroed(chunks[0]!) && zeroed(key)).toBe(true);
		expect(hold.holding || hold.bequeathed).toBe(false);
	});
});
