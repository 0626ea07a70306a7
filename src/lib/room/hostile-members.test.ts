import { describe, expect, it } from 'vitest';
import { fakeRoom } from '../../../tests/support/room-fakes';
import {
	ALICE,
	BOB,
	header,
	inDrops,
	joinWith,
	peer,
	readyPeer,
	receiveDrop,
	deliveredToThree
} from '../../../tests/support/room-scenarios';

describe('finding 3: one member cannot get an honest sender marked hostile', () => {
	it("a header with another sender's drop id, sent first, changes nothing for the real sender", async () => {
		const room = fakeRoom();
		joinWith(room, [
			{ id: ALICE, name: 'Alice' },
			{ id: BOB, name: 'Mallory' }
		]);
		const alice = await readyPeer(room, ALICE, 'Alice');
		const mallory = await readyPeer(room, BOB, 'Mallory');
		const bytes = new Uint8Array(4000).fill(4);
		const honest = await header(bytes);
		// Mallory saw Alice's drop id (she is a recipient too) and races Alice's header.
		mallory.say({ ...honest, stream: 9 });
		await receiveDrop(room, alice, bytes, { id: honest.id });
		expect(peer(room, ALICE).state).toBe('ready');
		const fromAlice = inDrops(room).find((d) => d.fromId === ALICE);
		expect(fromAlice?.id).toBe(honest.id);
		expect(fromAlice?.state).toBe('sealed');
	});

	it('the same sender repeating its own drop id is still a protocol violation', async () => {
		const room = fakeRoom();
		joinWith(room, [{ id: ALICE, name: 'Alice' }]);
		const alice = await readyPeer(room, ALICE, 'Alice');
		const h = await receiveDrop(room, alice, new Uint8Array(100).fill(1));
		alice.say({ ...h, stream: 2 });
		expect(peer(room, ALICE).state).toBe('failed');
	});
});

describe('finding 4: one recipient cannot use up every view', () => {
	it('a recipient gets one view, ever; a repeat request is refused and leaves the views to others', async () => {
		const { drop, links } = await deliveredToThree(3);
		const [alice, bob, carol] = links;
		for (let i = 0; i < 3; i++) alice.say({ t: 'view-request', id: drop.id });
		const granted = (l: typeof alice) =>
			l
				.channel!.messages()
				.filter((m) => m.t === 'view-answer')
				.map((m) => m.granted);
		expect(granted(alice)).toEqual([true, false, false]);
		expect(drop.viewsLeft).toBe(2);
		bob.say({ t: 'view-request', id: drop.id });
		carol.say({ t: 'view-request', id: drop.id });
		expect(granted(bob)).toEqual([true]);
		expect(granted(carol)).toEqual([true]);
		// Nobody's copy was revoked on Alice's account.
		expect(bob.channel!.messages().some((m) => m.t === 'revoke')).toBe(false);
	});
});
