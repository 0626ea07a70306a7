import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { randomToken } from '#crypto/base64url';
import { publicRoomKeys } from '#crypto/room-keys';
import { safetyCodeKey } from '#crypto/safety-code';
import { openSignal, sealSignal, signalSealKey, type OpenedSignal } from '#crypto/signal-auth';
import type { LinkRole, PeerSignal } from '#protocol/signal-envelope';
import { parseClientMessage } from '#protocol/signaling-messages';
import type { Candidate, LegId, MitmMode, PageContext } from './mitm-page';
import { startSignalingProxy } from './signaling-proxy';

export type { MitmMode } from './mitm-page';

/** Mallory's page script (`mitm-page.ts`, with the app's safety exchange) as one IIFE. */
async function mitmPageScript(): Promise<string> {
	const out = await build({
		entryPoints: [fileURLToPath(new URL('./mitm-page.ts', import.meta.url))],
		bundle: true,
		format: 'iife',
		write: false
	});
	return out.outputFiles[0]!.text;
}

/** Mallory's end of one victim's connection, and what she must seal to look like the other device. */
interface LegState {
	victim: string;
	posingAs: string;
	role: LinkRole;
	link: string;
	seq: number;
}

type Room = { code: string; key: Uint8Array };
type Deliver = (to: string, frame: string) => void;

/** The signals of both legs: what Mallory answers, and what she seals as the other device. */
class MitmSignals {
	readonly #legs = new Map<LegId, LegState>();
	readonly #page: Page;
	readonly #room: () => Room;
	readonly #deliver: Deliver;
	/** The name each device joined with: Mallory gives it as hers on the leg where she poses as it. */
	readonly names = new Map<string, string>();

	constructor(page: Page, room: () => Room, deliver: Deliver) {
		this.#page = page;
		this.#room = room;
		this.#deliver = deliver;
	}

	sendTo(id: LegId, signal: PeerSignal): void {
		const leg = this.#legs.get(id);
		if (!leg) return;
		const { key, code } = this.#room();
		const ctx = { key, roomId: code, from: leg.posingAs, to: leg.victim };
		const data = sealSignal(ctx, { link: leg.link, seq: leg.seq++, role: leg.role, signal });
		this.#deliver(leg.victim, JSON.stringify({ type: 'signal', from: leg.posingAs, data }));
	}

	async onSignal(from: string, to: string, opened: OpenedSignal): Promise<void> {
		if (!opened.ok) return;
		const { signal } = opened;
		const id: LegId = opened.role === 'initiator' ? 'offerer' : 'answerer';
		const page = this.#page;
		if (signal.type === 'offer' && !this.#legs.has('offerer'))
			return this.#onOffer(from, to, opened.link, signal.sdp);
		if (signal.type === 'answer' && id === 'answerer') {
			await page.evaluate((sdp) => window.mitm.accept('answerer', sdp), signal.sdp);
		} else if (signal.type === 'candidate' && this.#legs.has(id)) {
			await page.evaluate(([leg, c]) => window.mitm.candidate(leg, c), [id, signal.candidate] as const);
		}
	}

	/** The newcomer's offer: Mallory answers it, and makes her own offer to the other device. */
	async #onOffer(from: string, to: string, link: string, sdp: string): Promise<void> {
		await this.#open('offerer', { victim: from, posingAs: to, role: 'responder', link, seq: 0 });
		const answer = await this.#page.evaluate((sdp) => window.mitm.answer('offerer', sdp), sdp);
		this.sendTo('offerer', { type: 'answer', sdp: answer });
		await this.#open('answerer', {
			victim: to,
			posingAs: from,
			role: 'initiator',
			link: randomToken(16),
			seq: 0
		});
		this.sendTo('answerer', {
			type: 'offer',
			sdp: await this.#page.evaluate(() => window.mitm.offer('answerer'))
		});
	}

	/** A leg, and Mallory's safety context on it: she speaks as the device the victim expects. */
	async #open(id: LegId, leg: LegState): Promise<void> {
		this.#legs.set(id, leg);
		const { code } = this.#room();
		const key = [...safetyCodeKey(publicRoomKeys(code))];
		const name = this.names.get(leg.posingAs) ?? 'Mallory';
		const ctx: PageContext = { key, roomId: code, selfId: leg.posingAs, peerId: leg.victim, name };
		await this.#page.evaluate(([id, ctx]) => void (window.mitm.contexts[id] = ctx), [id, ctx] as const);
	}
}

/**
 * A server that really sits in the middle of a public room, where it knows the signal key (it
 * comes from the code): it answers each device's signals itself, from Mallory's browser, so each
 * device's DTLS connection ends at Mallory's, and the data channels are joined end to end.
 */
export async function startMitmRelay(target: { port: number }, mallory: Page, mode: MitmMode = 'relay') {
	await mallory.goto('about:blank');
	await mallory.addScriptTag({ content: await mitmPageScript() });
	await mallory.evaluate((mode) => window.installMitm!(mode), mode);
	let room: Room | null = null;
	let chain = Promise.resolve();
	const signals = new MitmSignals(
		mallory,
		() => room!,
		(to, frame) => proxy.socketOf(to)?.toBrowser(frame)
	);
	const proxy = await startSignalingProxy(target, {
		fromBrowser: (socket, text) => {
			const m = parseClientMessage(text);
			if (m?.type === 'join') signals.names.set(m.peerId, m.name);
			if (m?.type === 'join' && m.room.kind === 'public') {
				room = { code: m.room.code, key: signalSealKey(publicRoomKeys(m.room.code)) };
			}
			if (m?.type !== 'signal' || !room || !socket.peerId) return text;
			const from = socket.peerId;
			const opened = openSignal({ key: room.key, roomId: room.code, from, to: m.to }, m.data);
			chain = chain.then(() => signals.onSignal(from, m.to, opened)).catch(() => undefined);
			return null;
		}
	});
	await mallory.exposeFunction('mitmCandidate', (id: LegId, candidate: Candidate) =>
		signals.sendTo(id, { type: 'candidate', candidate })
	);
	return {
		...proxy,
		/** Whether both of Mallory's data channels opened, how many messages she relayed, her codes. */
		relayStats: () =>
			mallory.evaluate(() => ({
				opened: window.mitm.opened,
				relayed: window.mitm.relayed,
				codes: window.mitm.codes
			}))
	};
}
