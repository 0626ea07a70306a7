import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale, type Locale } from '../paraglide/runtime';
import {
	announcements as announce,
	EMPTY_ROOM,
	hasDrops,
	type IncomingSnapshot,
	type PeerSnapshot,
	type ReceiptSnapshot,
	type RoomSnapshot
} from './announcement-text';
import { dropAnnouncer, secondsText } from './drop-announcements';

/** What is said once the words for drops are loaded, as on a page with a drop. */
const announcements = (before: RoomSnapshot, now: RoomSnapshot) => announce(before, now, dropAnnouncer);

const peer = (state: PeerSnapshot['state'], name = 'Golden Otter'): PeerSnapshot => ({
	id: 'p1',
	name,
	state
});
const drop = (state: IncomingSnapshot['state'], secondsLeft = 0): IncomingSnapshot => ({
	key: 'in/p1/d1',
	kind: 'photo',
	fromName: 'Golden Otter',
	state,
	secondsLeft
});
const receipt = (status: ReceiptSnapshot['status']): ReceiptSnapshot => ({
	key: 'out/d2/p1',
	kind: 'photo',
	peerName: 'Golden Otter',
	status
});
const room = (parts: Partial<RoomSnapshot>): RoomSnapshot => ({ ...EMPTY_ROOM, ...parts });

describe('announcements', () => {
	it('says nothing when nothing changed', () => {
		const same = room({
			peers: [peer('ready')],
			incoming: [drop('viewing', 7)],
			receipts: [receipt('delivered')]
		});
		expect(announcements(same, same)).toEqual([]);
	});

	it('speaks of peers without the words for drops, and tells when a snapshot needs them', () => {
		const none = { incoming: () => null, receipt: () => null };
		expect(announce(room({ peers: [peer('connecting')] }), room({ peers: [peer('ready')] }), none)).toEqual([
			'Golden Otter is connected and ready.'
		]);
		expect(hasDrops(room({ peers: [peer('ready')] }))).toBe(false);
		expect(hasDrops(room({ incoming: [drop('receiving')] }))).toBe(true);
		expect(hasDrops(room({ receipts: [receipt('sending')] }))).toBe(true);
	});

	it('announces a peer that becomes ready, fails or leaves, but not one still connecting', () => {
		expect(announcements(EMPTY_ROOM, room({ peers: [peer('connecting')] }))).toEqual([]);
		expect(announcements(room({ peers: [peer('connecting')] }), room({ peers: [peer('ready')] }))).toEqual([
			'Golden Otter is connected and ready.'
		]);
		expect(announcements(room({ peers: [peer('connecting')] }), room({ peers: [peer('failed')] }))).toEqual([
			'Could not connect to Golden Otter.'
		]);
		expect(announcements(room({ peers: [peer('ready')] }), EMPTY_ROOM)).toEqual(['Golden Otter left.']);
		expect(announcements(room({ peers: [peer('ready')] }), room({ peers: [peer('closed')] }))).toEqual([
			'Golden Otter left.'
		]);
	});

	it('does not say a failed peer left again when it is taken off the list', () => {
		expect(announcements(room({ peers: [peer('failed')] }), EMPTY_ROOM)).toEqual([]);
	});

	it('announces a drop once it has arrived sealed, not while it is receiving', () => {
		expect(announcements(EMPTY_ROOM, room({ incoming: [drop('receiving')] }))).toEqual([]);
		expect(
			announcements(room({ incoming: [drop('receiving')] }), room({ incoming: [drop('sealed')] }))
		).toEqual(['A photo from Golden Otter arrived, sealed. Reveal it to view it once.']);
	});

	it('announces the countdown at its start and at its last seconds, not every tick', () => {
		const at = (state: IncomingSnapshot['state'], s: number) => room({ incoming: [drop(state, s)] });
		const ticks = [at('sealed', 0), at('viewing', 0), at('viewing', 10), at('viewing', 9), at('viewing', 6)];
		const heard = ticks.slice(1).flatMap((now, i) => announcements(ticks[i]!, now));
		expect(heard).toEqual(['Showing for 10 seconds.']);
		expect(announcements(at('viewing', 6), at('viewing', 5))).toEqual(['5 seconds left.']);
		expect(announcements(at('viewing', 5), at('viewing', 4))).toEqual([]);
		// A view of 5 seconds or less has only its start.
		expect(announcements(at('viewing', 0), at('viewing', 3))).toEqual(['Showing for 3 seconds.']);
		expect(announcements(at('viewing', 3), at('viewing', 2))).toEqual([]);
	});

	it('announces how a drop ended', () => {
		const from = room({ incoming: [drop('viewing', 2)] });
		expect(announcements(from, room({ incoming: [drop('destroyed')] }))).toEqual([
			'The photo from Golden Otter was destroyed.'
		]);
		const sealed = room({ incoming: [drop('sealed')] });
		expect(announcements(sealed, room({ incoming: [drop('expired')] }))).toEqual([
			'The photo from Golden Otter expired unopened.'
		]);
		expect(announcements(sealed, room({ incoming: [drop('burned')] }))).toEqual([
			'Golden Otter burned their photo.'
		]);
	});

	it('names the kind of drop', () => {
		const text = { ...drop('sealed'), kind: 'text' as const };
		expect(announcements(EMPTY_ROOM, room({ incoming: [text] }))).toEqual([
			'A text from Golden Otter arrived, sealed. Reveal it to view it once.'
		]);
	});

	it('announces each receipt once', () => {
		const steps = (['queued', 'sending', 'delivered', 'viewed', 'destroyed'] as const).map((s) =>
			room({ receipts: [receipt(s)] })
		);
		const heard = steps.slice(1).flatMap((now, i) => announcements(steps[i]!, now));
		expect(heard).toEqual([
			'Golden Otter received your photo.',
			'Golden Otter is viewing your photo.',
			'Golden Otter viewed your photo; their copy is destroyed.'
		]);
	});

	it('keeps the order peers, drops, receipts', () => {
		const now = room({
			peers: [peer('ready')],
			incoming: [drop('sealed')],
			receipts: [receipt('delivered')]
		});
		expect(announcements(EMPTY_ROOM, now)).toHaveLength(3);
		expect(announcements(EMPTY_ROOM, now)[0]).toMatch(/ready/);
		expect(announcements(EMPTY_ROOM, now)[2]).toMatch(/received/);
	});
});

describe('secondsText', () => {
	it('is singular for one', () => {
		expect(secondsText(1)).toBe('1 second');
		expect(secondsText(0)).toBe('0 seconds');
		expect(secondsText(10)).toBe('10 seconds');
	});
});

describe('in the page language', () => {
	const english = getLocale;
	const speak = (locale: Locale) => overwriteGetLocale(() => locale);
	afterEach(() => overwriteGetLocale(english));

	it('chooses the grammar by the kind of drop', () => {
		speak('de');
		const sealed = (kind: IncomingSnapshot['kind']) =>
			announcements(EMPTY_ROOM, room({ incoming: [{ ...drop('sealed'), kind }] }));
		expect(sealed('photo')).toEqual([
			'Ein Foto von Golden Otter ist angekommen, versiegelt. Deck es auf, um es einmal anzusehen.'
		]);
		expect(sealed('text')).toEqual([
			'Ein Text von Golden Otter ist angekommen, versiegelt. Deck ihn auf, um ihn einmal anzusehen.'
		]);
		expect(
			announcements(room({ receipts: [receipt('sending')] }), room({ receipts: [receipt('delivered')] }))
		).toEqual(['Golden Otter hat dein Foto erhalten.']);
	});

	it("counts with the language's plural forms and digits", () => {
		const start = (s: number) =>
			announcements(room({ incoming: [drop('viewing', 0)] }), room({ incoming: [drop('viewing', s)] }));
		speak('ar');
		expect(start(1)).toEqual(['يُعرض لمدة ثانية واحدة.']);
		expect(start(2)).toEqual(['يُعرض لمدة ثانيتين.']);
		expect(start(3)[0]).toMatch(/ثوانٍ\.$/);
		expect(start(3)[0]).toContain(new Intl.NumberFormat('ar').format(3));
		expect(start(11)[0]).toMatch(/ثانية\.$/);
		speak('fr');
		expect(secondsText(1)).toBe('1 seconde');
		expect(secondsText(5)).toBe('5 secondes');
	});
});
