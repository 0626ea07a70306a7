import { describe, expect, it } from 'vitest';
import { parsePrepareReply, parsePrepareRequest } from './prepare-messages';

describe('parsePrepareRequest', () => {
	const file = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });

	it('takes a well-formed request', () => {
		expect(parsePrepareRequest({ type: 'prepare', file, maxEdge: 2560, quality: 0.85 })).toEqual({
			type: 'prepare',
			file,
			maxEdge: 2560,
			quality: 0.85
		});
	});

	it.each([
		null,
		'prepare',
		{ type: 'prepare', file: 'photo.jpg', maxEdge: 2560, quality: 0.85 },
		{ type: 'prepare', file, maxEdge: 2560.5, quality: 0.85 },
		{ type: 'prepare', file, maxEdge: 8, quality: 0.85 },
		{ type: 'prepare', file, maxEdge: 2560, quality: 0 },
		{ type: 'prepare', file, maxEdge: 2560, quality: Number.NaN },
		{ type: 'cancel', file, maxEdge: 2560, quality: 0.85 }
	])('rejects %j', (raw) => {
		expect(parsePrepareRequest(raw)).toBeNull();
	});
});

describe('parsePrepareReply', () => {
	it('takes progress, a result and an error', () => {
		expect(parsePrepareReply({ type: 'progress', pct: 42 })).toEqual({ type: 'progress', pct: 42 });
		const bytes = new ArrayBuffer(8);
		expect(parsePrepareReply({ type: 'done', bytes, width: 2560, height: 1097, extra: 1 })).toEqual({
			type: 'done',
			bytes,
			width: 2560,
			height: 1097
		});
		expect(parsePrepareReply({ type: 'error', code: 'corrupt', message: 'Damaged.' })).toEqual({
			type: 'error',
			code: 'corrupt',
			message: 'Damaged.'
		});
	});

	it.each([
		undefined,
		{ type: 'progress', pct: 101 },
		{ type: 'progress', pct: '50' },
		{ type: 'done', bytes: new Uint8Array(8), width: 10, height: 10 },
		{ type: 'done', bytes: new ArrayBuffer(0), width: 10, height: 10 },
		{ type: 'done', bytes: new ArrayBuffer(8), width: 0, height: 10 },
		{ type: 'error', code: 'oops', message: 'x' },
		{ type: 'error', code: 'failed', message: '' },
		{ type: 'error', code: 'failed', message: 'x'.repeat(301) },
		{ type: 'hello' }
	])('rejects %j', (raw) => {
		expect(parsePrepareReply(raw)).toBeNull();
	});
});
