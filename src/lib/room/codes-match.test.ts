import { describe, expect, it } from 'vitest';
import { parsePeerMessage } from '../protocol/peer-messages';

import { ALICE, peer, roomWithReady } from '../../../tests/support/room-scenarios';

async function pairedRoom() {
	const [room, link] = await roomWithReady([{ id: ALICE, name: 'Alice' }], { confirmByCodes: true });
	const alice = peer(room, ALICE);
	expect(alice.state).toBe('ready');
	expect(alice.safetyCode).toMatch(/^\d{3} \d{3}$/);
	return { room, link, alice };
}

describe('codes-match: verified only once both people confirm the code on screen', () => {
	it('a private room whose secret came from a pairing starts unverified', async () => {
		const { room, alice } = await pairedRoom();
		expect(room.session.isVerified(alice)).toBe(false);
	});

	it('a link room is verified by its secret alone', async () => {
		const [room] = await roomWithReady([{ id: ALICE, name: 'Alice' }]);
		expect(room.session.isVerified(peer(room, ALICE))).toBe(true);
	});

	it('confirming here says so on the verified channel, and verifies nothing alone', async () => {
		const { room, link, alice } = await pairedRoom();
		room.session.confirmCodes(alice);
		expect(link.channel!.messages()).toContainEqual({ t: 'codes-match', code: alice.safetyCode });
		expect(room.session.isVerified(alice)).toBe(false);
	});

	it('the other side confirming too verifies the peer, in either order', async () => {
		const { room, link, alice } = await pairedRoom();
		link.say({ t: 'codes-match', code: alice.safetyCode! });
		expect(room.session.isVerified(alice)).toBe(false);
		room.session.confirmCodes(alice);
		expect(room.session.isVerified(alice)).toBe(true);
	});

	it('a device confirming a code this one does not show is cut off', async () => {
		const { room, link, alice } = await pairedRoom();
		const other = alice.safetyCode === '000 000' ? '000 001' : '000 000';
		room.session.confirmCodes(alice);
		link.say({ t: 'codes-match', code: other });
		expect(alice.state).toBe('failed');
		expect(room.session.isVerified(alice)).toBe(false);
	});

	it('a confirmation from an old link does not carry over to a new code', async () => {
		const { room, link, alice } = await pairedRoom();
		room.session.confirmCodes(alice);
		link.say({ t: 'codes-match', code: alice.safetyCode! });
		expect(room.session.isVerified(alice)).toBe(true);
		alice.safetyCode = alice.safetyCode === '123 456' ? '654 321' : '123 456';
		expect(room.session.isVerified(alice)).toBe(false);
	});
});

describe('the codes-match message is parsed strictly', () => {
	it.each([
		['{"t":"codes-match","code":"123 456"}', true],
		['{"t":"codes-match","code":"123456"}', false],
		['{"t":"codes-match","code":"12a 456"}', false],
		['{"t":"codes-match","code":123456}', false],
		['{"t":"codes-match"}', false],
		['{"t":"codes-match","code":"123 456","extra":1}', false]
	])('%s -> accepted: %s', (raw, ok) => {
		expect(parsePeerMessage(raw) !== null).toBe(ok);
	});
});
