import type { DropHeader } from '../protocol/peer-messages';
import type { Clock, TimerSet } from '../time/clock';

/** How often the seconds left are looked at: often enough that the count never lags a second. */
const TICK_MS = 250;

/**
 * How long one view lasts, 0 for until closed. A clip's view covers the clip (and a second for
 * it to start), capped by the sender's choice.
 */
export function viewSeconds(header: DropHeader): number {
	const seconds = header.options.seconds;
	if (header.kind !== 'video') return seconds;
	const clip = Math.ceil(header.durationMs / 1000) + 1;
	return seconds > 0 ? Math.min(seconds, clip) : clip;
}

/**
 * Counts one view's `seconds` down on the monotonic clock: `onTick` with the whole seconds left
 * (at once, then as they change), `onEnd` at zero. Nothing for 0 (until closed). The timers are
 * the caller's, so that clearing them stops the count.
 */
export function countDown(
	clock: Clock,
	timers: TimerSet,
	seconds: number,
	onTick: (left: number) => void,
	onEnd: () => void
): void {
	if (seconds <= 0) return;
	const endsAt = clock.monotonic() + seconds * 1000;
	onTick(seconds);
	const tick = () => {
		const left = Math.max(0, Math.ceil((endsAt - clock.monotonic()) / 1000));
		onTick(left);
		if (left === 0) onEnd();
		else timers.after(Math.min(TICK_MS, endsAt - clock.monotonic()), tick);
	};
	timers.after(TICK_MS, tick);
}
