import { describe, expect, it, vi } from 'vitest';
import { IncomingDrop } from './incoming-drop.svelte';
import { OutgoingDrop } from './outgoing-drop.svelte';
import type { DropHeader } from '../protocol/peer-messages';

const options = { views: 1, seconds: 10, hold: false, expiresAt: Date.now() + 600_000, caption: '' };
const header: DropHeader = {
	t: 'drop',
	id: 'A'.repeat(22),
	stream: 1,
	kind: 'photo',
	mime: 'image/jpeg',
	size: 1016,
	salt: 'A'.repeat(22),
	cipher: 'xchacha20poly1305',
	width: 10,
	height: 10,
	options
};

const copy = { dropId: header.id, cipher: header.cipher, salt: new Uint8Array(16), chunks: 1, size: 1016 };

function filled(n: number): Uint8Array<ArrayBuffer> {
	return new Uint8Array(n).fill(0xab);
}

function incoming() {
	const sendReceipt = vi.fn();
	const entry = new IncomingDrop(header, 'peer', 'Quiet Otter', {
		sendReceipt,
		requestView: () => Promise.resolve({ kind: 'refused' } as const),
		refused: vi.fn()
	});
	return { entry, sendReceipt };
}

describe('memory wipe of a received drop', () => {
	for (const [how, end, state] of [
		['expiry', (e: IncomingDrop) => e.expire(), 'expired'],
		['burn', (e: IncomingDrop) => e.revoke('burned'), 'burned'],
		['no views left', (e: IncomingDrop) => e.revoke('no-views'), 'expired'],
		['a lost sender', (e: IncomingDrop) => e.fail(), 'failed'],
		['leaving the page', (e: IncomingDrop) => e.dispose(), 'sealed']
	] as const) {
		it(`zeroes the bytes on ${how}`, () => {
			const { entry, sendReceipt } = incoming();
			const bytes = filled(1016);
			entry.sealed([bytes], copy);
			expect(sendReceipt).toHaveBeenCalledWith('delivered');
			end(entry);
			expect(entry.state).toBe(state);
			expect(bytes.every((b) => b === 0)).toBe(true);
			expect(entry.bitmap).toBeNull();
		});
	}

	it('zeroes bytes that arrive for a drop already ended', () => {
		const { entry } = incoming();
		entry.revoke('burned');
		const bytes = filled(1016);
		entry.sealed([bytes], copy);
		expect(entry.state).toBe('burned');
		expect(bytes.every((b) => b === 0)).toBe(true);
	});
});

describe('memory wipe of a sent drop', () => {
	it('zeroes the prepared copy when burned', () => {
		const drop = new OutgoingDrop('B'.repeat(22), 'x.jpg', options, { kind: 'everyone' }, false);
		const bytes = filled(500);
		drop.prepared({ kind: 'photo', bytes, mime: 'image/jpeg', width: 10, height: 10 });
		drop.burn();
		expect(drop.copy).toBeNull();
		expect(bytes.every((b) => b === 0)).toBe(true);
	});

	it('keeps the copy for late joiners until the views run out', () => {
		const drop = new OutgoingDrop(
			'C'.repeat(22),
			'x.jpg',
			{ ...options, views: 2 },
			{ kind: 'everyone' },
			false
		);
		const bytes = filled(500);
		drop.prepared({ kind: 'photo', bytes, mime: 'image/jpeg', width: 10, height: 10 });
		for (const id of ['p1', 'p2']) {
			drop.addRecipient(id, id);
			drop.update(id, 'start');
			drop.update(id, 'delivered');
		}
		expect(drop.grantView('p1')).toBe('granted');
		drop.afterViewGranted();
		expect(drop.copy).not.toBeNull();
		expect(drop.grantView('p2')).toBe('granted');
		drop.afterViewGranted();
		expect(drop.exhausted).toBe(true);
		expect(drop.copy).toBeNull();
		expect(bytes.every((b) => b === 0)).toBe(true);
		// Each recipient gets one view, and no view is granted past the limit.
		expect(drop.grantView('p1')).toBe('already-granted');
	});

	it('releases the copy once every picked recipient has it', () => {
		const drop = new OutgoingDrop(
			'D'.repeat(22),
			'x.jpg',
			options,
			{ kind: 'picked', peerIds: ['p1'] },
			false
		);
		const bytes = filled(500);
		drop.prepared({ kind: 'photo', bytes, mime: 'image/jpeg', width: 10, height: 10 });
		drop.addRecipient('p1', 'p1');
		drop.update('p1', 'start');
		expect(drop.copy).not.toBeNull();
		drop.update('p1', 'delivered');
		expect(drop.copy).toBeNull();
		expect(bytes.every((b) => b === 0)).toBe(true);
	});
});

describe('keys of sealed copies', () => {
	function delivered(views: number) {
		const drop = new OutgoingDrop(
			'E'.repeat(22),
			'x.jpg',
			{ ...options, views },
			{ kind: 'everyone' },
			false
		);
		drop.prepared({ kind: 'photo', bytes: filled(500), mime: 'image/jpeg', width: 10, height: 10 });
		const keys = ['p1', 'p2'].map((id) => {
			drop.addRecipient(id, id);
			drop.update(id, 'start');
			const key = new Uint8Array(32).fill(7);
			drop.keepKey(id, key);
			drop.update(id, 'delivered');
			return key;
		});
		return { drop, keys };
	}

	it('a key is handed out once, and only with a grant', () => {
		const { drop } = delivered(2);
		expect(drop.grantView('p1')).toBe('granted');
		expect(drop.takeKey('p1')).not.toBeNull();
		expect(drop.takeKey('p1')).toBeNull();
	});

	for (const [how, end] of [
		['burned', (d: OutgoingDrop) => d.burn()],
		['expired', (d: OutgoingDrop) => d.expire()],
		['the room left', (d: OutgoingDrop) => d.wipe()]
	] as const) {
		it(`every key is zeroed when the drop is ${how}`, () => {
			const { drop, keys } = delivered(2);
			end(drop);
			for (const key of keys) expect(key.every((b) => b === 0)).toBe(true);
			expect(drop.hasKey('p1')).toBe(false);
		});
	}

	it('every key left is zeroed when the last view is granted', () => {
		const { drop, keys } = delivered(1);
		expect(drop.grantView('p1')).toBe('granted');
		drop.afterViewGranted();
		expect(keys[1]!.every((b) => b === 0)).toBe(true);
	});
});
