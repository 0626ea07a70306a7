import { encodeMessage, parseServerMessage } from '../protocol/signaling-messages';
import type { ErrorCode } from '../protocol/error-codes';

/** How long the server may take to hand out a nameplate. */
const CLAIM_TIMEOUT_MS = 10_000;

export type ClaimResult = { ok: true; nameplate: string } | { ok: false; error: ErrorCode | 'unreachable' };

/**
 * Asks the server for a free nameplate on a socket of its own, before the room's join: the
 * server holds it a minute for this tab's first join. The words never leave the tab.
 */
export function claimNameplate(signalingUrl: string): Promise<ClaimResult> {
	return new Promise((resolve) => {
		const ws = new WebSocket(signalingUrl);
		const finish = (result: ClaimResult) => {
			clearTimeout(timer);
			resolve(result);
			ws.close();
		};
		const timer = setTimeout(() => finish({ ok: false, error: 'unreachable' }), CLAIM_TIMEOUT_MS);
		ws.addEventListener('open', () => ws.send(encodeMessage({ type: 'claim-nameplate' })));
		ws.addEventListener('message', (e: MessageEvent<unknown>) => {
			const m = typeof e.data === 'string' ? parseServerMessage(e.data) : null;
			if (m?.type === 'nameplate') finish({ ok: true, nameplate: m.nameplate });
			else if (m?.type === 'error') finish({ ok: false, error: m.code });
		});
		ws.addEventListener('close', () => finish({ ok: false, error: 'unreachable' }));
	});
}
