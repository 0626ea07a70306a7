/**
 * A photo whose check (the full decode) still runs while its bytes go: the recipient can't call
 * it `sealed` before the check has passed, and a failed check calls it back on both sides.
 */
import { describe, expect, it, vi } from 'vitest';
import { PrepareError } from '../image/prepare-error';
import { photoFile, settle } from '../../../tests/support/room-fakes';
import { ALICE, BOB, alerts, inDrops, roomWithReady, sentTypes } from '../../../tests/support/room-scenarios';

function pendingCheck() {
	let settle: { pass: () => void; fail: (e: Error) => void } = { pass: () => {}, fail: () => {} };
	const promise = new Promise<void>((pass, fail) => (settle = { pass, fail }));
	promise.catch(() => undefined);
	return { promise, ...settle };
}

async function sendChecked(n = 200_000) {
	const [room, alice] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
	const check = pendingCheck();
	room.preparation.check = () => check.promise;
	room.session.sendFiles([photoFile(n, 'big.jpg')]);
	await room.session.preparing;
	await vi.waitFor(() => expect(alice.channel!.chunks().length).toBeGreaterThan(0));
	return { room, alice, check };
}

describe('a photo sent while its check runs', () => {
	it('sends its header and bytes at once, and its digest only once the check passed', async () => {
		const { alice, check } = await sendChecked();
		await vi.waitFor(() => expect(alice.channel!.chunks().length).toBe(4));
		await settle();
		expect(sentTypes(alice)).toEqual(['drop']);
		check.pass();
		await vi.waitFor(() => expect(sentTypes(alice)).toEqual(['drop', 'drop-end']));
	});

	it('a failed check: no digest, the recipient is told to drop it, the sender says why', async () => {
		const { room, alice, check } = await sendChecked();
		check.fail(new PrepareError('corrupt'));
		await vi.waitFor(() => expect(sentTypes(alice)).toEqual(['drop', 'abort']));
		await settle();
		expect(sentTypes(alice)).toEqual(['drop', 'abort']);
		expect(room.session.drops).toEqual([]);
		expect(alerts(room)).toEqual([
			'"big.jpg": This photo is damaged and can\'t be opened. Nothing was sent.'
		]);
		expect(room.preparation.outputs[0]!.bytes.every((b) => b === 0)).toBe(true);
	});

	it('the recipient drops what arrived, shows nothing and says the sender called it back', async () => {
		const [room, bob] = await roomWithReady([{ id: BOB, name: 'Bob' }]);
		const { sealedDrop } = await import('../../../tests/support/room-scenarios');
		const drop = await sealedDrop(new Uint8Array(100_000));
		bob.say(drop.header);
		bob.chunk(drop.header.stream, drop.chunks[0]!);
		bob.say({ t: 'abort', id: drop.header.id });
		await settle();
		expect(inDrops(room)[0]?.state).toBe('failed');
		expect(alerts(room)).toEqual([
			'Bob called back a photo before it arrived whole: it failed their check. Nothing of it was kept.'
		]);
		expect(bob.closedByRoom).toBe(false);
	});
});
