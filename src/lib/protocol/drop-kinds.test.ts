import { describe, expect, it } from 'vitest';
import { parsePeerMessage, TEXT_MIME } from './peer-messages';

const base = {
	t: 'drop',
	id: 'A'.repeat(22),
	stream: 1,
	size: 1000,
	salt: 'B'.repeat(22),
	cipher: 'aes-256-gcm',
	options: { views: 1, seconds: 10, hold: false, expiresAt: 1, caption: '' }
};
const photo = { ...base, kind: 'photo', mime: 'image/jpeg', width: 10, height: 10 };
const text = { ...base, kind: 'text', mime: TEXT_MIME };
const video = { ...base, kind: 'video', mime: 'video/mp4', width: 16, height: 9, durationMs: 3000 };
const parse = (v: object) => parsePeerMessage(JSON.stringify(v));

describe('drop headers by kind', () => {
	it('parses each kind with its own fields', () => {
		expect(parse(photo)).toEqual(photo);
		expect(parse(text)).toEqual(text);
		expect(parse(video)).toEqual(video);
	});

	it("refuses a header with no kind, an unknown kind, or another kind's fields", () => {
		const { kind: _kind, ...noKind } = photo;
		expect(parse(noKind)).toBeNull();
		expect(parse({ ...photo, kind: 'audio' })).toBeNull();
		expect(parse({ ...photo, mime: 'video/mp4' })).toBeNull();
		expect(parse({ ...video, mime: 'image/jpeg' })).toBeNull();
		expect(parse({ ...text, mime: 'text/html' })).toBeNull();
		expect(parse({ ...text, width: 1, height: 1 })).toBeNull();
		expect(parse({ ...photo, durationMs: 10 })).toBeNull();
		expect(parse({ ...video, mime: 'video/quicktime' })).toBeNull();
	});

	it('refuses a clip longer than a minute, or of no length', () => {
		expect(parse({ ...video, durationMs: 60_501 })).toBeNull();
		expect(parse({ ...video, durationMs: 0 })).toBeNull();
		expect(parse({ ...video, durationMs: 60_000 })).toEqual({ ...video, durationMs: 60_000 });
	});

	it('names the cipher of the copy: AES-256-GCM or XChaCha20-Poly1305, and nothing else', () => {
		const xchacha = { ...photo, cipher: 'xchacha20poly1305' };
		expect(parse(xchacha)).toEqual(xchacha);
		const { cipher: _cipher, ...noCipher } = photo;
		expect(parse(noCipher)).toBeNull();
		for (const cipher of ['aes-128-gcm', 'AES-256-GCM', 'chacha20poly1305', '', 1, null, ['aes-256-gcm']])
			expect(parse({ ...photo, cipher })).toBeNull();
	});
});
