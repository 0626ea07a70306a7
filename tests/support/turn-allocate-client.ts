import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

/**
 * The smallest TURN client that proves a relay accepts a credential: one UDP Allocate
 * (RFC 5766) with the long-term credential mechanism (RFC 5389 §10.2). Used by tests against
 * a real coturn; browsers do the real thing.
 */

const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const ALLOCATE_REQUEST = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ALLOCATE_ERROR = 0x0113;

const Attribute = {
	username: 0x0006,
	messageIntegrity: 0x0008,
	errorCode: 0x0009,
	realm: 0x0014,
	nonce: 0x0015,
	requestedTransport: 0x0019
} as const;

const UDP_PROTOCOL = 17;

export type AllocateOutcome = { kind: 'allocated' } | { kind: 'refused'; code: number };

export interface AllocateRequest {
	host: string;
	port: number;
	username: string;
	password: string;
	/** Retransmits until an answer comes or this passes (also covers a relay still starting). */
	timeoutMs?: number;
}

interface StunAnswer {
	type: number;
	attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
	const header = Buffer.alloc(4);
	header.writeUInt16BE(type, 0);
	header.writeUInt16BE(value.length, 2);
	const padding = Buffer.alloc((4 - (value.length % 4)) % 4);
	return Buffer.concat([header, value, padding]);
}

function header(type: number, bodyLength: number, transactionId: Buffer): Buffer {
	const out = Buffer.alloc(HEADER_BYTES);
	out.writeUInt16BE(type, 0);
	out.writeUInt16BE(bodyLength, 2);
	out.writeUInt32BE(MAGIC_COOKIE, 4);
	transactionId.copy(out, 8);
	return out;
}

/** An Allocate request; with `integrityKey` it ends in MESSAGE-INTEGRITY over all before it. */
function allocateRequest(attributes: Buffer[], transactionId: Buffer, integrityKey?: Buffer): Buffer {
	const body = Buffer.concat(attributes);
	if (!integrityKey) return Buffer.concat([header(ALLOCATE_REQUEST, body.length, transactionId), body]);
	// The length in the header covers the MESSAGE-INTEGRITY attribute (4 + 20 bytes) itself.
	const signed = Buffer.concat([header(ALLOCATE_REQUEST, body.length + 24, transactionId), body]);
	const mac = createHmac('sha1', integrityKey).update(signed).digest();
	return Buffer.concat([signed, attribute(Attribute.messageIntegrity, mac)]);
}

function parseAnswer(packet: Buffer, transactionId: Buffer): StunAnswer | null {
	if (packet.length < HEADER_BYTES || packet.readUInt32BE(4) !== MAGIC_COOKIE) return null;
	if (!packet.subarray(8, 20).equals(transactionId)) return null;
	const attributes = new Map<number, Buffer>();
	let offset = HEADER_BYTES;
	while (offset + 4 <= packet.length) {
		const type = packet.readUInt16BE(offset);
		const length = packet.readUInt16BE(offset + 2);
		if (offset + 4 + length > packet.length) return null;
		attributes.set(type, packet.subarray(offset + 4, offset + 4 + length));
		offset += 4 + length + ((4 - (length % 4)) % 4);
	}
	return { type: packet.readUInt16BE(0), attributes };
}

function errorCode(answer: StunAnswer): number {
	const value = answer.attributes.get(Attribute.errorCode);
	if (!value || value.length < 4) return 0;
	return ((value[2] ?? 0) & 0x07) * 100 + (value[3] ?? 0);
}

/** Sends `packet` every 250 ms until the answer to `transactionId` arrives. */
function exchange(socket: Socket, request: AllocateRequest, packet: Buffer, transactionId: Buffer) {
	const timeoutMs = request.timeoutMs ?? 5000;
	return new Promise<StunAnswer>((resolve, reject) => {
		const send = (): void => socket.send(packet, request.port, request.host);
		const resend = setInterval(send, 250);
		const timer = setTimeout(() => {
			finish();
			reject(new Error(`no TURN answer from ${request.host}:${request.port} in ${timeoutMs} ms`));
		}, timeoutMs);
		const onMessage = (data: Buffer): void => {
			const answer = parseAnswer(data, transactionId);
			if (!answer) return;
			finish();
			resolve(answer);
		};
		const finish = (): void => {
			clearInterval(resend);
			clearTimeout(timer);
			socket.off('message', onMessage);
		};
		socket.on('message', onMessage);
		send();
	});
}

/**
 * Asks the relay for an allocation: the first request learns REALM and NONCE from the 401,
 * the second proves the password with MESSAGE-INTEGRITY keyed by MD5(username:realm:password).
 */
export async function tryTurnAllocate(request: AllocateRequest): Promise<AllocateOutcome> {
	const socket = createSocket('udp4');
	try {
		const transport = attribute(Attribute.requestedTransport, Buffer.from([UDP_PROTOCOL, 0, 0, 0]));
		const firstId = randomBytes(12);
		const challenge = await exchange(socket, request, allocateRequest([transport], firstId), firstId);
		if (challenge.type === ALLOCATE_SUCCESS) return { kind: 'allocated' };
		const realm = challenge.attributes.get(Attribute.realm);
		const nonce = challenge.attributes.get(Attribute.nonce);
		if (challenge.type !== ALLOCATE_ERROR || errorCode(challenge) !== 401 || !realm || !nonce) {
			return { kind: 'refused', code: errorCode(challenge) };
		}
		const key = createHash('md5')
			.update(`${request.username}:${realm.toString('utf8')}:${request.password}`)
			.digest();
		const secondId = randomBytes(12);
		const attributes = [
			transport,
			attribute(Attribute.username, Buffer.from(request.username, 'utf8')),
			attribute(Attribute.realm, realm),
			attribute(Attribute.nonce, nonce)
		];
		const answer = await exchange(socket, request, allocateRequest(attributes, secondId, key), secondId);
		if (answer.type === ALLOCATE_SUCCESS) return { kind: 'allocated' };
		return { kind: 'refused', code: errorCode(answer) };
	} finally {
		socket.close();
	}
}
