import { describe, expect, it } from 'vitest';
import { privateRoomKeys, generateRoomSecret, publicRoomKeys, generatePublicCode } from './room-keys';
import { openSignal, sealSignal, signalSealKey, type SignalContext } from './signal-auth';
import { fromBase64Url, randomToken, toBase64Url } from './base64url';
import { isPrivateRoomId, isPublicCode } from '../protocol/signaling-messages';
import type { PeerSignal, SignalEnvelope } from '../protocol/signal-envelope';

const keys = privateRoomKeys(generateRoomSecret());
const A = randomToken(16);
const B = randomToken(16);
const ctxAB: SignalContext = { key: signalSealKey(keys), roomId: keys.roomId, from: A, to: B };
const link = randomToken(16);
const sdp =
	'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=ice-ufrag:DZzq\r\na=ice-pwd:WtuapfrS3ZFDoF+LuZ1yBtt/\r\n' +
	'a=fingerprint:sha-256 AB:CD:EF\r\n';
const candidate: PeerSignal = {
	type: 'candidate',
	candidate: {
		candidate: 'candidate:1 1 udp 2113937151 0e4c9f5a-1111-2222-3333-444455556666.local 54321 typ host',
		sdpMLineIndex: 0,
		sdpMid: '0'
	}
};
const offer: PeerSignal = { type: 'offer', sdp };
const seal = (signal: PeerSignal = offer, ctx = ctxAB) =>
	sealSignal(ctx, { link, seq: 1, role: 'initiator', signal });
const wire = (e: SignalEnvelope): unknown => JSON.parse(JSON.stringify(e));

/** The envelope with one byte of a base64url field changed. */
function flipByte(e: SignalEnvelope, field: 'nonce' | 'box', at = 3): SignalEnvelope {
	const bytes = fromBase64Url(e[field])!;
	bytes[at]! ^= 0x01;
	return { ...e, [field]: toBase64Url(bytes) };
}

describe('room keys', () => {
	it('derives a valid, stable room id that differs from the secret', () => {
		const secret = generateRoomSecret();
		const a = privateRoomKeys(secret);
		expect(isPrivateRoomId(a.roomId)).toBe(true);
		expect(a.roomId).not.toBe(secret);
		expect(privateRoomKeys(secret).roomId).toBe(a.roomId);
		expect(privateRoomKeys(generateRoomSecret()).roomId).not.toBe(a.roomId);
	});
	it('makes public codes from the unambiguous alphabet', () => {
		for (let i = 0; i < 200; i++) expect(isPublicCode(generatePublicCode())).toBe(true);
		expect(publicRoomKeys('ABC234').authenticated).toBe(false);
	});
	it('derives a signal key of its own, the same on every device of the room', () => {
		const secret = generateRoomSecret();
		const key = signalSealKey(privateRoomKeys(secret));
		expect(key).toHaveLength(32);
		expect(signalSealKey(privateRoomKeys(secret))).toEqual(key);
		expect(key).not.toEqual(privateRoomKeys(secret).macKey);
		// A public room's comes from its code, which the server knows too.
		expect(signalSealKey(publicRoomKeys('ABC234'))).toEqual(signalSealKey(publicRoomKeys('ABC234')));
		expect(signalSealKey(publicRoomKeys('ABC234'))).not.toEqual(signalSealKey(publicRoomKeys('ABC235')));
	});
});

describe('sealed signals', () => {
	it('round-trip an offer, a candidate and a reject', () => {
		for (const signal of [offer, candidate, { type: 'reject' } as const]) {
			expect(openSignal(ctxAB, wire(seal(signal)))).toEqual({
				ok: true,
				link,
				seq: 1,
				role: 'initiator',
				signal
			});
		}
	});
	it('show the server nothing of the signal: no SDP, ICE credentials, fingerprint or address', () => {
		for (const signal of [offer, candidate]) {
			const relayed = JSON.stringify(seal(signal));
			for (const clear of [
				'a=fingerprint',
				'AB:CD:EF',
				'ice-pwd',
				'ice-ufrag',
				'candidate',
				'.local',
				'127.0.0.1'
			]) {
				expect(relayed).not.toContain(clear);
			}
		}
	});
	it('hide the exact length: signals of nearly the same size seal to the same size', () => {
		const sizes = [100, 130, 180].map((n) => seal({ type: 'offer', sdp: 'x'.repeat(n) }).box.length);
		expect(new Set(sizes).size).toBe(1);
		expect(seal({ type: 'offer', sdp: 'x'.repeat(1000) }).box.length).toBeGreaterThan(sizes[0]!);
	});
	it('take a fresh nonce every time', () => {
		const one = seal();
		const two = seal();
		expect(one.nonce).not.toBe(two.nonce);
		expect(one.box).not.toBe(two.box);
	});
	it('refuse a changed ciphertext, a changed nonce or a cut-off tag', () => {
		const sealed = seal();
		for (const tampered of [
			flipByte(sealed, 'box'),
			flipByte(sealed, 'box', fromBase64Url(sealed.box)!.length - 1),
			flipByte(sealed, 'nonce')
		]) {
			expect(openSignal(ctxAB, wire(tampered))).toEqual({ ok: false, reason: 'bad-seal', link });
		}
		const untagged = { ...sealed, box: toBase64Url(fromBase64Url(sealed.box)!.subarray(0, -16)) };
		expect(openSignal(ctxAB, wire(untagged)).ok).toBe(false);
		const grown = { ...sealed, box: toBase64Url(new Uint8Array([...fromBase64Url(sealed.box)!, 0])) };
		expect(openSignal(ctxAB, wire(grown))).toEqual({ ok: false, reason: 'bad-seal', link });
	});
	it('refuse a reflected signal (sender and recipient swapped)', () => {
		expect(openSignal({ ...ctxAB, from: B, to: A }, wire(seal()))).toMatchObject({
			ok: false,
			reason: 'bad-seal'
		});
	});
	it('refuse another room, role, link or sequence number: the clear fields are bound', () => {
		const sealed = seal();
		expect(openSignal({ ...ctxAB, roomId: 'x'.repeat(22) }, wire(sealed)).ok).toBe(false);
		expect(openSignal(ctxAB, wire({ ...sealed, role: 'responder' })).ok).toBe(false);
		expect(openSignal(ctxAB, wire({ ...sealed, link: randomToken(16) })).ok).toBe(false);
		expect(openSignal(ctxAB, wire({ ...sealed, seq: 2 })).ok).toBe(false);
	});
	it('refuse a key from another secret, and a private room signal sealed with the public key', () => {
		const other = { ...ctxAB, key: signalSealKey(privateRoomKeys(generateRoomSecret())) };
		expect(openSignal(other, wire(seal()))).toMatchObject({ ok: false, reason: 'bad-seal' });
		const publicCtx = { ...ctxAB, key: signalSealKey(publicRoomKeys(keys.roomId)) };
		expect(openSignal(ctxAB, wire(seal(offer, publicCtx))).ok).toBe(false);
	});
	it('refuse a well-sealed payload that is no signal', () => {
		const sealed = seal({ type: 'offer', sdp: 'x'.repeat(40 * 1024) });
		expect(openSignal(ctxAB, wire(sealed))).toEqual({ ok: false, reason: 'malformed' });
	});
	it('refuse garbage, and the old clear envelope', () => {
		const sealed = seal();
		const v1 = { v: 1, link, seq: 1, role: 'initiator', payload: JSON.stringify(offer), mac: 'x'.repeat(43) };
		for (const g of [null, 1, 'x', [], {}, v1, { ...sealed, v: 1 }, { ...sealed, box: '!!' }]) {
			expect(openSignal(ctxAB, g).ok).toBe(false);
		}
	});
});
