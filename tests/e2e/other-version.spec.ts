import { test, expect } from './support/fixtures';
import { createPrivateRoom } from './support/room-steps';
import { PROTOCOL_VERSION } from '#protocol/protocol-version';

// A tab left open across an update speaks the protocol of the version it loaded. Had the server
// let it in, the devices of the new version would take its messages for garbage and cut it off
// as hostile (and it them). The server refuses it instead, and the page says what to do. The
// stale page is this build's, with its join rewritten on the wire to name another version.
test('a page of another version is told to reload, and the room never meets it', async ({ openDevice }) => {
	const alice = await openDevice();
	const stale = await openDevice();
	const link = await createPrivateRoom(alice.page);

	let rewrite = true;
	let rewritten = 0;
	await stale.page.routeWebSocket(/\/ws$/, (ws) => {
		const server = ws.connectToServer();
		ws.onMessage((message) => {
			const text = typeof message === 'string' ? message : message.toString();
			const frame = JSON.parse(text) as Record<string, unknown>;
			if (rewrite && frame.type === 'join') {
				rewritten++;
				frame.v = PROTOCOL_VERSION + 1;
			}
			server.send(JSON.stringify(frame));
		});
	});
	await stale.page.goto(link);

	const alert = stale.page.getByRole('alert').filter({ hasText: 'Reload the page to join the room' });
	await expect(alert).toBeVisible();
	await expect(alert).toContainText('VanishDrop was updated after this page opened');
	expect(rewritten).toBe(1);
	// It gives up: no reconnecting loop, so no second join.
	await stale.page.waitForTimeout(1500);
	expect(rewritten).toBe(1);
	await expect(alice.page.getByTestId('peer')).toHaveCount(0);

	// Reloaded, it is a page of this version: it joins.
	rewrite = false;
	await stale.page.reload();
	await expect(alice.page.getByTestId('peer')).toHaveAttribute('data-peer-state', 'ready');
});
