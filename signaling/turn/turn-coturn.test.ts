import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryTurnAllocate } from '../../tests/support/turn-allocate-client';
import { mintTurnCredential, turnPassword } from './turn-credentials';
import { startCoturn, type TestDaemon } from '../../tests/support/daemons';
import { TestClient, eventually, joinMessage, privateRoom } from '../../tests/support/test-client';
import { startTestServer, wsUrl } from '../../tests/support/test-server';

const SECRET = 'coturn-test-static-secret';
const REALM = 'vanishdrop.test';

// No skip when coturn is missing: startCoturn fails with how to install it.
describe('credentials minted by turn-credentials, against a real coturn', () => {
	let coturn: TestDaemon;

	beforeAll(async () => {
		coturn = await startCoturn({ secret: SECRET, realm: REALM });
	});

	afterAll(async () => {
		await coturn?.stop();
	});

	const allocate = (username: string, password: string) =>
		tryTurnAllocate({ host: '127.0.0.1', port: coturn.port, username, password });

	it('accepts a fresh credential and allocates a relay', async () => {
		// Bound to a room, as the hub mints them.
		const { username, credential } = mintTurnCredential(
			SECRET,
			600,
			Date.now(),
			'private:AAAAAAAAAAAAAAAAAAAAAA'
		);
		expect(await allocate(username, credential)).toEqual({ kind: 'allocated' });
		// coturn's own log (with --verbose) confirms the allocation for exactly this username.
		await eventually(() =>
			coturn.output().includes(`user <${username}>: incoming packet ALLOCATE processed, success`)
		);
	});

	it('refuses a credential minted with another secret', async () => {
		const { username, credential } = mintTurnCredential('not-the-shared-secret', 600);
		expect(await allocate(username, credential)).toEqual({ kind: 'refused', code: 401 });
	});

	it('refuses a right password for another username', async () => {
		const { username } = mintTurnCredential(SECRET, 600);
		const other = mintTurnCredential(SECRET, 600);
		expect(await allocate(username, other.credential)).toEqual({ kind: 'refused', code: 401 });
	});

	it('refuses an expired credential even with the right secret', async () => {
		const username = `${Math.floor(Date.now() / 1000) - 60}:expired-test-user`;
		expect(await allocate(username, turnPassword(SECRET, username))).toEqual({
			kind: 'refused',
			code: 401
		});
	});

	it('accepts the credential a joiner receives from the signaling server', async () => {
		const server = await startTestServer({
			turn: { urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`], secret: SECRET, ttlSeconds: 300 }
		});
		try {
			const client = await TestClient.open(wsUrl(server));
			const { iceServers } = await client.join(joinMessage(privateRoom()));
			await client.close();
			const [relay] = iceServers;
			expect(relay?.urls).toEqual([`turn:127.0.0.1:${coturn.port}?transport=udp`]);
			expect(await allocate(relay?.username ?? '', relay?.credential ?? '')).toEqual({ kind: 'allocated' });
		} finally {
			await server.close();
		}
	});
});
