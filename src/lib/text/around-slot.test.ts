import { describe, expect, it } from 'vitest';
import { aroundSlot } from './around-slot';

describe('aroundSlot', () => {
	it('splits a message where its placeholder goes, wherever the language puts it', () => {
		expect(aroundSlot((s) => `${s} wants to share photos with you`)).toEqual({
			before: '',
			after: ' wants to share photos with you'
		});
		expect(aroundSlot((s) => `يريد ${s} مشاركة صور معك`)).toEqual({
			before: 'يريد ',
			after: ' مشاركة صور معك'
		});
	});

	it('keeps a message without the placeholder whole', () => {
		expect(aroundSlot(() => 'Visible')).toEqual({ before: 'Visible', after: '' });
	});
});
