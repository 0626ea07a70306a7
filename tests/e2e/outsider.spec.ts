import { WebSocket } from 'ws';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, outDrops, room, sendPhoto } from './support/room-steps';
import { randomToken } from '#crypto/base64url';
import { sealSignal } from '#crypto/signal-auth';
import { parseServerMessage } from '#protocol/signaling-messages';

// Mallory knows the room id (it is in the link's path and the server sees it) but not the secret
// after '#'. She joins the server room and sends real SDP from a real browser, sealed with a key
// she had to guess.
test('an outsider who knows only the room id never connects and never receives a drop', async ({
	openDevice,
	server
}) => {
	const joined = await room(openDevice, 2);
	const [alice, bob] = joined;
	const roomId = new URL(joined.link).pathname.split('/')[2]!;

	const mallory = await openDevice();
	await mallory.page.goto('/');
	const offerSdp = await mallory.page.evaluate(async () => {
		const pc = new RTCPeerConnection();
		pc.createDataChannel('vanishdrop');
		await pc.setLocalDescription(await pc.createOffer());
		return pc.localDescription!.sdp;
	});

	const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
	const received: string[] = [];
	ws.on('message', (d) => received.push(d.toString()));
	await new Promise((r) => ws.once('open', r));
	const malloryId = randomToken(16);
	ws.send(
		JSON.stringify({
			type: 'join',
			room: { kind: 'private', id: roomId },
			create: false,
			peerId: malloryId,
			resumeToken: randomToken(24),
			name: 'Mallory'
		})
	);
	await expect.poll(() => received.map((r) => parseServerMessage(r)?.type)).toContain('peers');
	const peers = parseServerMessage(received.find((r) => r.includes('"peers"'))!);
	if (peers?.type !== 'peers') throw new Error('no peer list');
	const guessedKey = crypto.getRandomValues(new Uint8Array(32));
	for (const p of peers.peers) {
		const envelope = sealSignal(
			{ key: guessedKey, roomId, from: malloryId, to: p.id },
			{ link: randomToken(16), seq: 0, role: 'initiator', signal: { type: 'offer', sdp: offerSdp } }
		);
		ws.send(JSON.stringify({ type: 'signal', to: p.id, data: envelope }));
	}

	for (const d of [alice, bob]) {
		await expectPeer(d.page, 'Mallory', 'failed');
		await expect(
			d.page.getByRole('alert').filter({ hasText: 'Could not verify this device (Mallory)' })
		).toBeVisible();
	}

	// The insiders carry on, and Mallory is not a recipient.
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');
	const receipts = outDrops(alice.page).first().getByTestId('receipt');
	await expect(receipts).toHaveCount(1);
	await expect(receipts).toHaveAttribute('data-peer-name', bob.name);
	// All Mallory ever got from the server was signaling: no answer came back sealed for her.
	expect(received.some((r) => r.includes('"answer"'))).toBe(false);
	ws.close();
});
