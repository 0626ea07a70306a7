import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { prepareOriginalBytes } from './original-pipeline';
import { preparePhotoBytes } from './photo-pipeline';

/**
 * The worker's side of the first check: the page hands a file over unread, so these are what
 * keeps a bomb or a non-image from every decoder. A decode here would call createImageBitmap
 * (the browser's decoder, stubbed to fail loudly) or load libheif.
 */
describe('the photo worker pipelines', () => {
	const decode = vi.fn(() => Promise.reject(new Error('a decoder saw the file')));
	vi.stubGlobal('createImageBitmap', decode);
	afterEach(() => decode.mockClear());

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
