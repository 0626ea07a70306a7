import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '#protocol/signaling-messages';
import { PROTOCOL_VERSION } from '#protocol/protocol-version';
import { useSignalingHarness } from '../../tests/support/signaling-harness';
import { joinMessage, privateRoom, randomId, rawUpgrade } from '../../tests/support/test-client';
import { wsUrl, type TestServer } from '../../tests/support/test-server';

// Fits peer ids, room ids, tokens and names, so it can sit in every field of a frame.
const MARKER = 'XQMARKERQX';
const MARKED_ID = `${MARKER}${'a'.repeat(12)}`;
const MARKED_TOKEN = `${MARKER}${'b'.repeat(30)}`;

const harness = useSignalingHarness();
const sockets: WebSocket[] = [];
/** Everything any server output contained: frames, close reasons, HTTP answers and log lines. */
const seen: string[] = [];

afterEach(() => {
	for (const ws of sockets.splice(0)) ws.terminate();
	seen.length = 0;
});

function setup(): Promise<TestServer> {
	return harness.startServer({
		logger: (event, fields) => seen.push(`log: ${event} ${JSON.stringify(fields)}`)
	});
}

interface Probe {
	ws: WebSocket;
	/** Resolves on the next frame or the close, whichever comes first. */
	answer(): Promise<void>;
}

async function probe(s: TestServer): Promise<Probe> {
	const ws = new WebSocket(wsUrl(s));
	sockets.push(ws);
	ws.on('error', () => {});
	let wake: (() => void) | null = null;
	ws.on('message', (data) => {
		seen.push(`frame: ${String(data)}`);
		wake?.();
	});
	ws.on('close', (code, reason) => {
		seen.push(`close: ${code} ${reason.toString()}`);
		wake?.();
	});
	await new Promise((resolve) => ws.once('open', resolve));
	return {
		ws,
		answer: () =>
			new Promise<void>((resolve, reject) => {
				if (ws.readyState === WebSocket.CLOSED) return resolve();
				const timer = setTimeout(() => reject(new Error('no answer from the server')), 2000);
				wake = () => {
					clearTimeout(timer);
					wake = null;
					resolve();
				};
			})
	};
}

function expectNoEcho(): void {
	expect(seen.length).toBeGreaterThan(0);
	for (const line of seen) expect(line.toUpperCase()).not.toContain(MARKER);
}

const marked = JSON.stringify;

/** Frames a client that has not joined might send, each with the marker in every field. */
const BEFORE_JOIN: (string | Buffer)[] = [
	MARKER,
	`{"type":"join","name":"${MARKER}`,
	marked({ type: MARKER }),
	marked({ [MARKER]: MARKER }),
	marked([MARKER, { type: 'join' }]),
	marked({
		type: 'join',
		room: { kind: 'private', id: MARKED_ID },
		create: MARKER,
		peerId: MARKED_ID,
		resumeToken: MARKED_TOKEN,
		name: `${MARKER} <`
	}),
	marked({ type: 'join', room: { kind: MARKER, id: MARKED_ID }, peerId: MARKED_ID }),
	marked({ type: 'join', room: { kind: 'public', code: MARKER }, peerId: MARKED_ID }),
	// Valid frames that are refused: the errors still say nothing of them.
	marked({
		type: 'join',
		room: { kind: 'public', code: 'ZZZZZZ' },
		create: false,
		peerId: MARKED_ID,
		resumeToken: MARKED_TOKEN,
		name: MARKER,
		v: PROTOCOL_VERSION
	}),
	marked({ type: 'rename', name: MARKER }),
	marked({ type: 'signal', to: MARKED_ID, data: MARKER }),
	Buffer.from(marked({ type: 'rename', name: MARKER })),
	`{"type":"rename","name":"${MARKER}","pad":"${'x'.repeat(MAX_FRAME_BYTES)}"}`
];

/** Frames of a joined client. */
function afterJoin(peerInRoom: string): string[] {
	return [
		marked({ type: 'signal', to: MARKED_ID, data: { sdp: MARKER } }),
		marked({ type: 'signal', to: MARKER, data: MARKER }),
		marked({ type: 'rename', name: `${MARKER}\u202E` }),
		marked({
			type: 'signal',
			to: peerInRoom,
			data: JSON.parse(`${'['.repeat(100)}"${MARKER}"${']'.repeat(100)}`)
		}),
		marked({
			type: 'join',
			room: { kind: 'private', id: MARKED_ID },
			create: true,
			peerId: MARKED_ID,
			resumeToken: MARKED_TOKEN,
			name: MARKER,
			v: PROTOCOL_VERSION
		})
	];
}

describe('the server never echoes input', () => {
	it('in errors, close reasons or logs for bad or refused frames', async () => {
		const s = await setup();
		for (const frame of BEFORE_JOIN) {
			const { ws, answer } = await probe(s);
			ws.send(frame);
			await answer();
		}

		const room = privateRoom();
		const member = await probe(s);
		const memberJoin = joinMessage(room);
		member.ws.send(marked(memberJoin));
		await member.answer();
		for (const frame of afterJoin(memberJoin.peerId)) {
			const { ws, answer } = await probe(s);
			ws.send(marked(joinMessage(room)));
			await answer();
			ws.send(frame);
			await answer();
		}
		// A taken id with a marked token and name: refused with id-taken, socket kept.
		const impostor = await probe(s);
		impostor.ws.send(marked({ ...memberJoin, resumeToken: MARKED_TOKEN, name: MARKER }));
		await impostor.answer();

		// Invalid UTF-8 in a text frame.
		const raw = await probe(s);
		raw.ws.send(Buffer.concat([Buffer.from(MARKER), Buffer.from([0xff, 0xfe])]), { binary: false });
		await raw.answer();

		expect(seen.filter((l) => l.startsWith('frame:')).length).toBeGreaterThanOrEqual(20);
		expect(seen.join('\n')).toContain('"code":"id-taken"');
		expectNoEcho();
	});

	it('in answers to refused or odd upgrades', async () => {
		const s = await setup();
		const answers = [
			await rawUpgrade(s, { path: `/${MARKER}` }),
			await rawUpgrade(s, { path: `/ws?${MARKER}`, headers: { Origin: `https://${MARKER}.example` } }),
			await rawUpgrade(s, { headers: { 'Sec-WebSocket-Key': MARKER } }),
			await rawUpgrade(s, { headers: { 'Sec-WebSocket-Version': MARKER } }),
			await rawUpgrade(s, { headers: { 'Sec-WebSocket-Protocol': MARKER } })
		];
		expect(answers.map((a) => a.status)).toEqual([404, 403, 400, 400, 101]);
		for (const answer of answers) {
			answer.socket?.destroy();
			seen.push(`http: ${answer.status} ${JSON.stringify(answer.headers)}`);
		}
		expectNoEcho();
	});

	it('but relays a valid signal verbatim, which is its job', async () => {
		const s = await setup();
		const room = privateRoom();
		const a = await probe(s);
		const b = await probe(s);
		const joinA = joinMessage(room);
		a.ws.send(marked(joinA));
		await a.answer();
		b.ws.send(marked(joinMessage(room, { peerId: randomId() })));
		await b.answer();
		await a.answer();
		b.ws.send(marked({ type: 'signal', to: joinA.peerId, data: MARKER }));
		await a.answer();
		expect(seen.some((l) => l.startsWith('frame:') && l.includes(MARKER))).toBe(true);
		expect(seen.filter((l) => l.startsWith('log:')).join('\n')).not.toContain(MARKER);
	});
});
