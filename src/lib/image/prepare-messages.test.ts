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
		{ type: 'prepare', file, maxEdge: 2560, quality: 'original' },
		{ type: 'cancel', file, maxEdge: 2560, quality: 0.85 }
	])('rejects %j', (raw) => {
		expect(parsePrepareRequest(raw)).toBeNull();
	});

	it('takes a request for the original, keeping nothing else', () => {
		expect(parsePrepareRequest({ type: 'prepare-original', file, maxEdge: 100 })).toEqual({
			type: 'prepare-original',
			file
		});
	});

	it.each([
		{ type: 'prepare-original' },
		{ type: 'prepare-original', file: new Uint8Array([1, 2, 3]) },
		{ type: 'prepare-original', file: null }
	])('rejects %j', (raw) => {
		expect(parsePrepareRequest(raw)).toBeNull();
	});

	const watermark = {
		type: 'watermark',
		photo: file,
		mime: 'image/jpeg',
		width: 2560,
		height: 1097,
		text: 'Quiet Otter · 14:03'
	};

	it('takes a watermark request', () => {
		expect(parsePrepareRequest({ ...watermark, extra: true })).toEqual(watermark);
		expect(parsePrepareRequest({ ...watermark, mime: 'image/png' })).toMatchObject({ mime: 'image/png' });
		expect(parsePrepareRequest({ ...watermark, text: 'x'.repeat(80) })).toMatchObject({
			text: 'x'.repeat(80)
		});
	});

	it.each([
		{ ...watermark, photo: 'photo.jpg' },
		{ ...watermark, photo: new Blob([]) },
		{ ...watermark, mime: 'image/webp' },
		{ ...watermark, mime: undefined },
		{ ...watermark, width: 0 },
		{ ...watermark, height: 20_001 },
		{ ...watermark, width: 10.5 },
		{ ...watermark, text: '' },
		{ ...watermark, text: 42 },
		{ ...watermark, text: 'x'.repeat(81) },
		{ ...watermark, text: 'Quiet\nOtter' },
		{ ...watermark, text: 'Quiet\u202eOtter' },
		{ ...watermark, text: ' Quiet Otter' },
		{ ...watermark, text: 'Quiet  Otter' }
	])('rejects watermark %#', (raw) => {
		expect(parsePrepareRequest(raw)).toBeNull();
	});
});

describe('parsePrepareReply', () => {
	it('takes progress, a result and an error', () => {
		expect(parsePrepareReply({ type: 'progress', pct: 42 })).toEqual({ type: 'progress', pct: 42 });
		// A view, possibly of a larger buffer: a strip done in the file's own buffer.
		const bytes = new Uint8Array(new ArrayBuffer(16), 4, 8);
		expect(
			parsePrepareReply({ type: 'done', bytes, mime: 'image/jpeg', width: 2560, height: 1097, extra: 1 })
		).toEqual({
			type: 'done',
			bytes,
			mime: 'image/jpeg',
			width: 2560,
			height: 1097,
			checking: false,
			reusable: false
		});
		expect(
			parsePrepareReply({
				type: 'done',
				bytes,
				mime: 'image/png',
				width: 4608,
				height: 1976,
				checking: true,
				reusable: true
			})
		).toEqual({
			type: 'done',
			bytes,
			mime: 'image/png',
			width: 4608,
			height: 1976,
			checking: true,
			reusable: true
		});
		// Only `true` promises a check to come.
		expect(
			parsePrepareReply({ type: 'done', bytes, mime: 'image/png', width: 1, height: 1, checking: 'yes' })
		).toMatchObject({ checking: false });
		// Only `true` hands the worker back for another job.
		expect(
			parsePrepareReply({ type: 'done', bytes, mime: 'image/png', width: 1, height: 1, reusable: 1 })
		).toMatchObject({ reusable: false });
		expect(parsePrepareReply({ type: 'checked', extra: 1 })).toEqual({ type: 'checked' });
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
		{ type: 'done', bytes: new ArrayBuffer(8), mime: 'image/jpeg', width: 10, height: 10 },
		{ type: 'done', bytes: new Uint16Array(8), mime: 'image/jpeg', width: 10, height: 10 },
		{
			type: 'done',
			bytes: new Uint8Array(new SharedArrayBuffer(8)),
			mime: 'image/jpeg',
			width: 10,
			height: 10
		},
		{ type: 'done', bytes: new Uint8Array(0), mime: 'image/jpeg', width: 10, height: 10 },
		{ type: 'done', bytes: new Uint8Array(8), mime: 'image/jpeg', width: 0, height: 10 },
		{ type: 'done', bytes: new Uint8Array(8), width: 10, height: 10 },
		{ type: 'done', bytes: new Uint8Array(8), mime: 'image/gif', width: 10, height: 10 },
		{ type: 'error', code: 'oops', message: 'x' },
		{ type: 'error', code: 'failed', message: '' },
		{ type: 'error', code: 'failed', message: 'x'.repeat(301) },
		{ type: 'hello' }
	])('rejects %j', (raw) => {
		expect(parsePrepareReply(raw)).toBeNull();
	});
});
