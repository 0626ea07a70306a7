import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PeerConnection } from '../peers/peer-connection';
import type { Preparation } from './preparation';
import type { OutgoingDrop } from './outgoing-drop.svelte';

/** Every key `deliverCopy` made, as `newDropKey` handed it out. */
const made = vi.hoisted(() => ({ keys: [] as Uint8Array[], sealerFails: false }));

vi.mock('../crypto/drop-sealing', async (original) => {
	const real = await original<typeof import('../crypto/drop-sealing')>();
	return {
		...real,
		newDropKey: () => {
			const key = real.newDropKey();
			made.keys.push(key);
			return key;
		}
	};
});

vi.mock('../crypto/seal-copy', async (original) => {
	const real = await original<typeof import('../crypto/seal-copy')>();
	return {
		...real,
		copySealer: (...args: Parameters<typeof real.copySealer>) =>
			made.sealerFails ? Promise.reject(new Error('no sealer')) : real.copySealer(...args)
	};
});

const { deliverCopy } = await import('./deliver-copy');

/** A drop of one small text to one recipient, `live` as given; what it was asked to keep. */
function fakeDrop(live: boolean) {
	const kept: Uint8Array[] = [];
	const drop = {
		id: 'd1',
		live,
		watermark: false,
		options: {},
		copy: { kind: 'text', bytes: new TextEncoder().encode('hello') },
		recipient: () => ({ name: 'Quiet Otter', safetyCode: '1234' }),
		keepKey: (_peer: string, key: Uint8Array) => kept.push(key)
	};
	return { drop: drop as unknown as OutgoingDrop, kept };
}

const conn = (writer: unknown) =>
	({ id: 'peer-b', writer, nextStream: () => 1 }) as unknown as PeerConnection;

const zeroed = (key: Uint8Array) => key.length > 0 && key.every((b) => b === 0);

afterEach(() => {
	made.keys.length = 0;
	made.sealerFails = false;
});

/** A copy's key that never left the sender's tab is zeroed too when the copy is abandoned. */
describe('deliverCopy: a key made for a copy that does not go', () => {
	it('is zeroed when the drop is over before its header goes', async () => {
		const { drop, kept } = fakeDrop(false);
		const sendDrop = vi.fn();
		await expect(
			deliverCopy(drop, conn({ sendDrop }), {} as Preparation, () => {}, new AbortController().signal)
		).rejects.toThrow('gone');
		expect(sendDrop).not.toHaveBeenCalled();
		expect(kept).toHaveLength(0);
		expect(made.keys).toHaveLength(1);
		expect(zeroed(made.keys[0]!)).toBe(true);
	});

	it('is zeroed when the link has no writer any more', async () => {
		const { drop } = fakeDrop(true);
		await expect(
			deliverCopy(drop, conn(null), {} as Preparation, () => {}, new AbortController().signal)
		).rejects.toThrow('gone');
		expect(zeroed(made.keys[0]!)).toBe(true);
	});

	it('is zeroed when the sealer cannot be made', async () => {
		made.sealerFails = true;
		const { drop } = fakeDrop(true);
		await expect(
			deliverCopy(
				drop,
				conn({ sendDrop: vi.fn() }),
				{} as Preparation,
				() => {},
				new AbortController().signal
			)
		).rejects.toThrow('no sealer');
		expect(zeroed(made.keys[0]!)).toBe(true);
	});

	it('is kept, not zeroed, once the drop holds it for a grant', async () => {
		const { drop, kept } = fakeDrop(true);
		const sendDrop = vi.fn(async () => {});
		await deliverCopy(drop, conn({ sendDrop }), {} as Preparation, () => {}, new AbortController().signal);
		expect(sendDrop).toHaveBeenCalledOnce();
		expect(kept).toEqual([made.keys[0]]);
		expect(zeroed(made.keys[0]!)).toBe(false);
	});
});
