import { networkInterfaces } from 'node:os';
import { test, expect } from './support/fixtures';
import { fixturePath } from '../support/fixtures';
import { expectPeer, inDrops, room, sendPhoto } from './support/room-steps';

/** Every address of this machine (the test runs in the same network namespace as the browsers). */
function machineAddresses(): string[] {
	const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
	return [...new Set(['127.0.0.1', ...all.map((a) => a.address).filter((a) => a !== '::1')])];
}

/** What a relayed signal must never show the server: SDP, ICE credentials, candidates, addresses. */
const IN_THE_CLEAR = [
	/a=fingerprint/i,
	/ice-pwd/i,
	/ice-ufrag/i,
	/candidate:/i,
	/\.local\b/i,
	/\b10\.213\.0\.\d/
];

test('in a private room the server relays only ciphertext: no SDP, ICE credentials or addresses', async ({
	openDevice
}) => {
	const [alice, bob] = await room(openDevice, 2);
	await expectPeer(bob.page, alice.name);
	await sendPhoto(alice.page, fixturePath('DSCN0010.jpg'));
	await expect(inDrops(bob.page).first()).toHaveAttribute('data-state', 'sealed');

	const frames = [...alice.wsFrames(), ...bob.wsFrames()];
	// Both ways, offer, answer and candidates: enough signals crossed for the check to mean something.
	expect(frames.filter((f) => f.includes('"type":"signal"')).length).toBeGreaterThanOrEqual(6);
	const addresses = machineAddresses();
	expect(addresses.length).toBeGreaterThan(1);
	for (const frame of frames) {
		for (const pattern of IN_THE_CLEAR) expect(frame).not.toMatch(pattern);
		for (const address of addresses) expect(frame).not.toContain(address);
	}
});
