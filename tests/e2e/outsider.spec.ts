import { WebSocket } from 'ws';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, outDrops, room, sendPhoto } from './support/room-steps';
import { randomToken } from '#crypto/base64url';
import { parseServerMessage } from '#protocol/signaling-messages';
import { PROTOCOL_VERSION } from '#protocol/protocol-version';

/** A raw WebSocket join to `roomId` with `proof`; resolves with what the server said and its close code. */
async function rawJoin(
	serverUrl: string,
	roomId: string,
	proof: string | null
): Promise<{ received: string[]; closeCode: number }> {
	const ws = new WebSocket(`${serverUrl.replace('http', 'ws')}/ws`);
	const received: string[] = [];
	ws.on('message', (d) => received.push(d.toString()));
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	await new Promise((r) => ws.once('open', r));
	ws.send(
		JSON.stringify({
			type: 'join',
			room: { kind: 'private', id: roomId },
			create: false,
			peerId: randomToken(16),
			resumeToken: randomToken(24),
			name: 'Mallory',
			v: PROTOCOL_VERSION,
			...(proof === null ? {} : { proof })
		})
	);
	return { received, closeCode: await closed };
}

// Mallory knows the room id (it is in the link's path and the server sees it) but not the secret
// after '#'. The server refuses her join before it looks at the room: she learns nobody's id or
// name, takes no place, and the members never hear of her.
test('an outsider who knows only the room id is refused by the server and learns no member', async ({
	openDevice,
	server
}) => {
	const joined = await room(openDevice, 2);
	const [alice, bob] = joined;
	const roomId = new URL(joined.link).pathname.split('/')[2]!;

	for (const proof of [null, randomToken(32)]) {
		const { received, closeCode } = await rawJoin(server.url, roomId, proof);
		expect(received.map((r) => parseServerMessage(r))).toEqual([
			{ type: 'error', code: 'bad-proof', message: expect.any(String) }
		]);
		expect(closeCode).toBe(4403);
		for (const d of [alice, bob]) expect(received.join('')).not.toContain(d.name);
	}

	for (const d of [alice, bob]) {
		await expect(d.page.getByTestId('peer')).toHaveCount(1);
		await expect(d.page.getByRole('alert').filter({ hasText: 'Mallory' })).toHaveCount(0);
	}
	await expectPeer(alice.page, bob.name);

	// The insiders carry on, and nobody else is a recipient.
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
	const receipts = outDrops(alice.page).first().getByTestId('receipt');
	await expect(receipts).toHaveCount(1);
	await expect(receipts).toHaveAttribute('data-peer-name', bob.name);
});
