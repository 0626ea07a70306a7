import { MAX_CAPTION_CHARS, type DropOptions } from '../protocol/peer-messages';
import type { RecipientChoice } from './outgoing-drop.svelte';

/** What the sender chooses before a drop; kept for the next one. */
export interface SendOptions {
	/** 0 means unlimited while the sender is present. */
	views: number;
	/** 0 means until closed. */
	seconds: number;
	hold: boolean;
	/** Minutes an unopened drop stays available, or an exact time. */
	expiry: { kind: 'minutes'; minutes: number } | { kind: 'at'; at: number };
	caption: string;
	watermark: boolean;
	quality: 'auto' | 'original';
	/** Everyone in the room (late joiners too), or these peers. */
	recipients: 'everyone' | string[];
}

export const VIEW_CHOICES = [1, 2, 3, 5, 10, 0] as const;
export const SECOND_CHOICES = [5, 10, 30, 60, 0] as const;
export const EXPIRY_CHOICES = [1, 10, 60] as const;

export const DEFAULT_SEND_OPTIONS: SendOptions = {
	views: 1,
	seconds: 10,
	hold: false,
	expiry: { kind: 'minutes', minutes: 10 },
	caption: '',
	watermark: false,
	quality: 'auto',
	recipients: 'everyone'
};

/**
 * A plain copy of the options (of the page's live `$state` ones, say): what a drop keeps and the
 * tab saves, which later changes on screen don't reach. Field by field, as `$state.snapshot` would
 * do for any shape, without its general cloning code on the room page.
 */
export function copySendOptions(o: SendOptions): SendOptions {
	return {
		...o,
		expiry: { ...o.expiry },
		recipients: o.recipients === 'everyone' ? 'everyone' : [...o.recipients]
	};
}

/** The latest an exact expiry time may be: recipients keep nothing longer (`RECEIVE_BUDGET`). */
export const MAX_EXPIRY_MS = 24 * 3600_000;

export function toDropOptions(o: SendOptions, now: number): DropOptions {
	const asked = o.expiry.kind === 'at' ? o.expiry.at : now + o.expiry.minutes * 60_000;
	const expiresAt = Math.min(asked, now + MAX_EXPIRY_MS);
	return {
		views: o.views,
		seconds: o.seconds,
		hold: o.hold,
		expiresAt: Math.max(now + 1000, Math.round(expiresAt)),
		caption: o.caption.trim().slice(0, MAX_CAPTION_CHARS)
	};
}

/** Who the drop goes to, as the drop keeps it. */
export function recipientChoice(recipients: SendOptions['recipients']): RecipientChoice {
	return recipients === 'everyone' ? { kind: 'everyone' } : { kind: 'picked', peerIds: recipients };
}

const includes = (list: readonly number[], v: unknown): v is number =>
	typeof v === 'number' && list.includes(v);

/**
 * Options saved in this tab, parsed with a fallback for every field. Only choices are kept: the
 * caption and the picked recipients belong to one drop and one room.
 */
export function parseSavedOptions(raw: string | null): SendOptions {
	const d = DEFAULT_SEND_OPTIONS;
	let v: unknown;
	try {
		v = raw ? JSON.parse(raw) : null;
	} catch {
		v = null;
	}
	if (typeof v !== 'object' || v === null) return { ...d };
	const o = v as Record<string, unknown>;
	const minutes = (o.expiry as { minutes?: unknown } | undefined)?.minutes;
	return {
		views: includes(VIEW_CHOICES, o.views) ? o.views : d.views,
		seconds: includes(SECOND_CHOICES, o.seconds) ? o.seconds : d.seconds,
		hold: typeof o.hold === 'boolean' ? o.hold : d.hold,
		expiry: includes(EXPIRY_CHOICES, minutes) ? { kind: 'minutes', minutes } : d.expiry,
		caption: '',
		watermark: typeof o.watermark === 'boolean' ? o.watermark : d.watermark,
		quality: o.quality === 'original' ? 'original' : 'auto',
		recipients: 'everyone'
	};
}

export function serializeOptions(o: SendOptions): string {
	const expiry = o.expiry.kind === 'minutes' ? o.expiry : DEFAULT_SEND_OPTIONS.expiry;
	return JSON.stringify({ ...o, expiry, caption: '', recipients: 'everyone' });
}
