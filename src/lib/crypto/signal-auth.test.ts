import { describe, expect, it } from 'vitest';
import { privateRoomKeys, generateRoomSecret, publicRoomKeys, generatePublicCode } from './room-keys';
import { openSignal, sealSignal, type SignalContext } from './signal-auth';
import { randomToken } from './base64url';
import { isPrivateRoomId, isPublicCode } from '../protocol/signaling-messages';

const keys = privateRoomKeys(generateRoomSecret());
const A = randomToken(16);
const B = randomToken(16);
const ctxAB: SignalContext = { macKey: keys.macKey, roomId: keys.roomId, from: A, to: B };
const link = randomToken(16);
const sdp = 'v=0\r\na=fingerprint:sha-256 AB:CD:EF\r\n';

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
});

describe('signal MAC', () => {
	const sealed = sealSignal(ctxAB, { link, seq: 1, role: 'initiator', signal: { type: 'offer', sdp } });

	it('round-trips', () => {
		const opened = openSignal(ctxAB, JSON.parse(JSON.stringify(sealed)));
		expect(opened).toEqual({ ok: true, link, seq: 1, role: 'initiator', signal: { type: 'offer', sdp } });
	});
	it('refuses a changed fingerprint', () => {
		const tampered = { ...sealed, payload: sealed.payload.replace('AB:CD', 'AB:CE') };
		expect(openSignal(ctxAB, tampered)).toMatchObject({ ok: false, reason: 'bad-mac' });
	});
	it('refuses a reflected signal (sender and recipient swapped)', () => {
		expect(openSignal({ ...ctxAB, from: B, to: A }, sealed)).toMatchObject({ ok: false, reason: 'bad-mac' });
	});
	it('refuses another room, role, link or sequence number', () => {
		expect(openSignal({ ...ctxAB, roomId: 'x'.repeat(22) }, sealed).ok).toBe(false);
		expect(openSignal(ctxAB, { ...sealed, role: 'responder' }).ok).toBe(false);
		expect(openSignal(ctxAB, { ...sealed, link: randomToken(16) }).ok).toBe(false);
		expect(openSignal(ctxAB, { ...sealed, seq: 2 }).ok).toBe(false);
	});
	it('refuses a key from another secret', () => {
		const other = privateRoomKeys(generateRoomSecret());
		expect(openSignal({ ...ctxAB, macKey: other.macKey }, sealed)).toMatchObject({
			ok: false,
			reason: 'bad-mac'
		});
	});
	it('refuses garbage', () => {
		for (const g of [null, 1, 'x', [], {}, { ...sealed, v: 2 }, { ...sealed, mac: '!!' }]) {
			expect(openSignal(ctxAB, g).ok).toBe(false);
		}
	});
});
