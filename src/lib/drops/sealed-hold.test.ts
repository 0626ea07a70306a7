import { describe, expect, it, vi } from 'vitest';
import { sealedDrop } from '../../../tests/support/room-scenarios';
import { TEXT_MIME } from '../protocol/peer-messages';
import { DropAssembler } from './drop-assembler';
import { SealedHold } from './sealed-hold';
import type { ViewAnswer } from './view-requests';

/** A text drop sealed as a sender seals it, and received whole: its chunks, copy and key. */
async function sealedText() {
	const drop = await sealedDrop(new TextEncoder().encode('a secret'), { kind: 'text', mime: TEXT_MIME });
	const assembler = DropAssembler.start(drop.header) as DropAssembler;
	for (const chunk of drop.chunks) assembler.accept(chunk);
	const verified = await assembler.finish(drop.sha256);
	if (verified.kind !== 'complete') throw new Error('not received whole');
	return { key: drop.key, copy: verified.copy, chunks: verified.chunks, header: drop.header };
}

const zeroed = (b: Uint8Array) => b.every((x) => x === 0);

describe('SealedHold', () => {
	it('opens the copy once with the key the sender grants, and lets the bytes go', async () => {
		const { key, copy, chunks, header } = await sealedText();
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
		const { key, copy, chunks, header } = await sealedText();
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
		const { key, copy, chunks, header } = await sealedText();
		const hold = new SealedHold();
		hold.keep(chunks, copy);
		const sealed = () => true;
		for (const answer of [{ kind: 'refused' }, { kind: 'absent' }] as const) {
			expect(await hold.open(header, () => Promise.resolve(answer), sealed)).toEqual(answer);
		}
		expect(hold.holding).toBe(true);
		const late = key.slice();
		const ended = () => false;
		expect(await hold.open(header, () => Promise.resolve({ kind: 'key', key: late }), ended)).toEqual({
			kind: 'ended'
		});
		expect(zeroed(late)).toBe(true);
	});

	it('wipe zeroes the bytes and any key left', async () => {
		const { key, copy, chunks } = await sealedText();
		const hold = new SealedHold();
		hold.keep(chunks, copy);
		hold.bequeath(key);
		hold.wipe();
		expect(zeroed(chunks[0]!) && zeroed(key)).toBe(true);
		expect(hold.holding || hold.bequeathed).toBe(false);
	});
});
