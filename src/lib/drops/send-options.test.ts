import { describe, expect, it } from 'vitest';
import {
	copySendOptions,
	DEFAULT_SEND_OPTIONS,
	parseSavedOptions,
	serializeOptions,
	toDropOptions
} from './send-options';

describe('send options', () => {
	it('round-trips the choices but not the caption or picked recipients', () => {
		const o = {
			...DEFAULT_SEND_OPTIONS,
			views: 3,
			seconds: 0,
			hold: true,
			watermark: true,
			caption: 'hi',
			recipients: ['x']
		};
		expect(parseSavedOptions(serializeOptions(o))).toEqual({ ...o, caption: '', recipients: 'everyone' });
	});
	it('falls back field by field on garbage', () => {
		expect(parseSavedOptions(null)).toEqual(DEFAULT_SEND_OPTIONS);
		expect(parseSavedOptions('{')).toEqual(DEFAULT_SEND_OPTIONS);
		expect(parseSavedOptions('{"views":7,"seconds":10,"quality":"huge"}')).toEqual(DEFAULT_SEND_OPTIONS);
	});
	it('turns minutes or an exact time into an expiry time', () => {
		expect(toDropOptions(DEFAULT_SEND_OPTIONS, 1000).expiresAt).toBe(1000 + 10 * 60_000);
		expect(
			toDropOptions({ ...DEFAULT_SEND_OPTIONS, expiry: { kind: 'at', at: 99_000 } }, 1000).expiresAt
		).toBe(99_000);
		// A time in the past still gives the drop a moment to exist.
		expect(toDropOptions({ ...DEFAULT_SEND_OPTIONS, expiry: { kind: 'at', at: 5 } }, 1000).expiresAt).toBe(
			2000
		);
	});

	it('copies the options so that later changes on screen do not reach the copy', () => {
		const live = {
			...DEFAULT_SEND_OPTIONS,
			expiry: { kind: 'at' as const, at: 1_000 },
			recipients: ['peer-a']
		};
		const copy = copySendOptions(live);
		live.expiry.at = 2_000;
		live.recipients.push('peer-b');
		live.views = 3;
		expect(copy).toEqual({
			...DEFAULT_SEND_OPTIONS,
			expiry: { kind: 'at', at: 1_000 },
			recipients: ['peer-a']
		});
	});
});
