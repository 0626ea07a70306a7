import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../tests/support/fixtures';
import { checkReceivedImage } from './check-received-image';

describe('a received photo is checked from its own bytes', () => {
	const photo = fixtureBytes('DSCN0010.jpg');

	it('passes when the header told the truth', () => {
		expect(checkReceivedImage(photo, { mime: 'image/jpeg', width: 640, height: 480 })).toBeNull();
	});

	it('refuses a header that lied about the size', () => {
		expect(checkReceivedImage(photo, { mime: 'image/jpeg', width: 1, height: 1 })).toBe('size-mismatch');
	});

	it('refuses a bomb whatever its header says', () => {
		const bomb = fixtureBytes('bomb_30000x30000.png');
		expect(checkReceivedImage(bomb, { mime: 'image/png', width: 1, height: 1 })).toBe('too-large');
	});

	it('refuses bytes of another format than claimed, and bytes that are no image', () => {
		expect(checkReceivedImage(photo, { mime: 'image/png', width: 640, height: 480 })).toBe('wrong-format');
		expect(checkReceivedImage(new Uint8Array(100), { mime: 'image/jpeg', width: 1, height: 1 })).toBe(
			'not-an-image'
		);
	});
});
