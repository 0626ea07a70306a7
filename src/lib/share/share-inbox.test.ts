import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock';
import { SHARE_HOLD_MS, ShareInbox, sharedFilesOf } from './share-inbox';
import { isShareToken, MAX_SHARED_FILES, parseShareAnswer, parseTakeShare } from './share-messages';

const photo = (name: string, bytes = 10) => new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' });

function inbox(clock: FakeClock) {
	let n = 0;
	return new ShareInbox({
		token: () => `token-${n++}`.padEnd(22, 'x'),
		setTimeout: (fn, ms) => clock.setTimeout(fn, ms)
	});
}

describe('ShareInbox', () => {
	it('gives the files once, to their token only', async () => {
		const clock = new FakeClock();
		const box = inbox(clock);
		const files = [photo('a.jpg')];
		const { token, settled } = box.hold(files);
		expect(box.take('token-9'.padEnd(22, 'x'))).toBeNull();
		expect(box.take(token)).toBe(files);
		expect(box.take(token)).toBeNull();
		await settled;
		expect(box.size).toBe(0);
	});

	it('forgets files nobody took after a minute', async () => {
		const clock = new FakeClock();
		const box = inbox(clock);
		const { token, settled } = box.hold([photo('a.jpg')]);
		clock.advance(SHARE_HOLD_MS - 1);
		expect(box.size).toBe(1);
		clock.advance(1);
		await settled;
		expect(box.take(token)).toBeNull();
	});
});

describe('sharedFilesOf', () => {
	it('takes the non-empty files of the files field, up to the limit', () => {
		const form = new FormData();
		form.append('photos', photo('a.jpg'));
		form.append('photos', photo('empty.jpg', 0));
		form.append('photos', 'not a file');
		form.append('other', photo('b.jpg'));
		expect(sharedFilesOf(form).map((f) => f.name)).toEqual(['a.jpg']);
		const many = new FormData();
		for (let i = 0; i < MAX_SHARED_FILES + 5; i++) many.append('photos', photo(`${i}.jpg`));
		expect(sharedFilesOf(many)).toHaveLength(MAX_SHARED_FILES);
	});
});

describe('share messages', () => {
	it('parse only what they should', () => {
		const token = 'A'.repeat(22);
		expect(parseTakeShare({ type: 'take-share', token })).toEqual({ type: 'take-share', token });
		expect(parseTakeShare({ type: 'take-share', token: 'short' })).toBeNull();
		expect(parseTakeShare('take-share')).toBeNull();
		expect(isShareToken('A'.repeat(21) + '/')).toBe(false);
		expect(parseShareAnswer({ type: 'no-share' })).toEqual({ type: 'no-share' });
		expect(parseShareAnswer({ type: 'shared-files', files: [photo('a.jpg')] })?.type).toBe('shared-files');
		expect(parseShareAnswer({ type: 'shared-files', files: ['a.jpg'] })).toBeNull();
	});
});
