import { getLocale } from '../paraglide/runtime';
import { whenIdle } from './when-idle';

/**
 * Times, shares and lists shown to people, in the page's language (Intl). The words around
 * them are messages; these are only the numbers and their units. A page's first Intl number or
 * date formatter costs 14-27 ms in Chromium (its locale data loads), so nothing the room page
 * shows before its first peer uses them: the send options' durations are messages.
 */

/**
 * A formatter is costly to make (7 ms of a sender's main thread over ten small drops, profiled: a
 * card shows a percent on every render) and cheap to use: each is made once per language and kind.
 */
const made = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(
	kind: string,
	make: (locale: string) => F
): F {
	const locale = getLocale();
	const key = `${locale} ${kind}`;
	let f = made.get(key) as F | undefined;
	if (!f) {
		f = make(locale);
		made.set(key, f);
	}
	return f;
}

/** A wall-clock time to the second ("14:05:09", "2:05:09 PM"): when a recipient viewed a drop. */
export function formatClockTime(ms: number): string {
	return formatter(
		'clock',
		(l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
	).format(ms);
}

/** A wall-clock time to the minute ("14:05", "02:05 PM"): the time on a watermark. */
export function formatShortTime(ms: number): string {
	return formatter(
		'short-time',
		(l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' })
	).format(ms);
}

/** A progress from 0 to 100 ("42%", "42 %"). */
export function formatPercent(percent: number): string {
	return formatter(
		'percent',
		(l) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 0 })
	).format(percent / 100);
}

/**
 * Makes the formatters a drop's cards use (percent) and a watermark's time, once the page is idle:
 * a page's first formatter of each kind took 14-27 ms, which the first drop's card (or its
 * watermark) would otherwise wait for. Called once someone is there to send to.
 */
export function warmUpFormatters(later: (run: () => void) => void = onIdle): void {
	later(() => formatPercent(0));
	later(() => formatShortTime(0));
}

function onIdle(run: () => void): void {
	whenIdle(run, 2000, 200);
}

/** Items of one list ("39 destroyed, 2 expired"; "39 zerstört und 2 abgelaufen"). */
export function formatList(items: readonly string[]): string {
	return formatter('list', (l) => new Intl.ListFormat(l, { type: 'unit', style: 'short' })).format(items);
}
