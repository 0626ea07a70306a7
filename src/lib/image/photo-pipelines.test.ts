import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { inspectPhoto } from './inspect-photo';
import { CHECK_FIRST_BYTES, prepareOriginalBytes } from './original-pipeline';
import { preparePhotoBytes } from './photo-pipeline';

/**
 * The worker's side of the first check: the page hands a file over unread, so these are what
 * keeps a bomb or a non-image from every decoder. A decode here would call createImageBitmap
 * (the browser's decoder, stubbed to fail loudly) or load libheif.
 */
describe('the photo worker pipelines', () => {
	const decode = vi.fn(() => Promise.reject(new Error('a decoder saw the file')));
	beforeEach(() => vi.stubGlobal('createImageBitmap', decode));
	afterEach(() => {
		decode.mockClear();
		vi.unstubAllGlobals();
	});

	const bomb = new Blob([fixtureBytes('bomb_30000x30000.png')], { type: 'image/png' });
	const words = new Blob(['Just some text, not a photo.']);
	const settings = { maxEdge: 2560, quality: 0.85 };

	it('refuse a decompression bomb from its header before any decode', async () => {
		await expect(prepareOriginalBytes(bomb, () => {})).rejects.toMatchObject({ code: 'too-large' });
		await expect(preparePhotoBytes(bomb, settings, () => {})).rejects.toMatchObject({ code: 'too-large' });
		expect(decode).not.toHaveBeenCalled();
	});

	it('refuse what is not an image before any decode', async () => {
		await expect(prepareOriginalBytes(words, () => {})).rejects.toMatchObject({ code: 'not-an-image' });
		await expect(preparePhotoBytes(words, settings, () => {})).rejects.toMatchObject({
			code: 'not-an-image'
		});
		expect(decode).not.toHaveBeenCalled();
	});
});

describe('prepareOriginalBytes, an upright JPEG kept byte for byte', () => {
	const small = fixtureBytes('Canon_40D.jpg');
	const large = fixtureBytes('DSCN0010.jpg');
	const asDecoded = (bytes: Uint8Array) => {
		const { shownSize } = inspectPhoto(bytes);
		return () => Promise.resolve({ ...shownSize, close: () => {} });
	};
	afterEach(() => vi.unstubAllGlobals());

	it('checks a copy of one chunk or less before it comes out, so its digest need not wait', async () => {
		expect(small.length).toBeLessThanOrEqual(CHECK_FIRST_BYTES);
		const decode = vi.fn(asDecoded(small));
		vi.stubGlobal('createImageBitmap', decode);
		const made = await prepareOriginalBytes(new Blob([small], { type: 'image/jpeg' }), () => {});
		expect(made.check).toBeNull();
		expect(decode).toHaveBeenCalledTimes(1);
	});

	it('refuses a small copy that fails its check, before any byte of it comes out', async () => {
		vi.stubGlobal('createImageBitmap', () => Promise.reject(new Error('cannot decode')));
		await expect(
			prepareOriginalBytes(new Blob([small], { type: 'image/jpeg' }), () => {})
		).rejects.toMatchObject({ code: 'corrupt' });
	});

	it('lets a larger copy out while its check runs', async () => {
		expect(large.length).toBeGreaterThan(CHECK_FIRST_BYTES);
		vi.stubGlobal('createImageBitmap', asDecoded(large));
		const made = await prepareOriginalBytes(new Blob([large], { type: 'image/jpeg' }), () => {});
		expect(made.check).toBeInstanceOf(Promise);
		await expect(made.check).resolves.toBeUndefined();
	});
});
