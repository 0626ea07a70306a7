/**
 * The states a drop goes through, as pure transition functions. The UI contract names them:
 * an incoming drop is receiving -> sealed -> viewing -> destroyed (or expired, burned, failed);
 * each recipient of an outgoing drop is queued -> sending -> delivered -> viewed -> destroyed.
 */

/** Where both machines end: nothing comes after these. */
const FINAL = { destroyed: {}, expired: {}, burned: {}, failed: {} } as const;
type Final = keyof typeof FINAL;

export type InState = 'receiving' | 'sealed' | 'viewing' | Final;
export type InEvent = 'verified' | 'reveal' | 'view-ended' | 'expire' | 'burn' | 'fail';

const IN_TRANSITIONS: Record<InState, Partial<Record<InEvent, InState>>> = {
	receiving: { verified: 'sealed', fail: 'failed', burn: 'burned', expire: 'expired' },
	sealed: { reveal: 'viewing', expire: 'expired', burn: 'burned', fail: 'failed' },
	// Once the picture is on screen, burning or expiry can't take it back: it ends as viewed.
	viewing: { 'view-ended': 'destroyed', fail: 'destroyed' },
	...FINAL
};

/** The next state, or null when the event does not apply (a second reveal, a late burn...). */
export function nextInState(state: InState, event: InEvent): InState | null {
	return IN_TRANSITIONS[state][event] ?? null;
}

/** Over for good: destroyed, expired, burned or failed. */
export function isFinalIn(state: InState): state is Final {
	return Object.hasOwn(FINAL, state);
}

export type RecipientStatus = 'queued' | 'sending' | 'delivered' | 'viewed' | Final;
export type RecipientEvent =
	| 'start'
	/** The link dropped mid-copy: it waits to be sent again (`link-drop-resend.ts`). */
	| 'requeue'
	| 'delivered'
	| 'viewed'
	| 'destroyed'
	| 'expired'
	| 'burned'
	| 'failed';

const RECIPIENT_TRANSITIONS: Record<RecipientStatus, Partial<Record<RecipientEvent, RecipientStatus>>> = {
	queued: { start: 'sending', failed: 'failed', burned: 'burned', expired: 'expired' },
	sending: {
		delivered: 'delivered',
		requeue: 'queued',
		failed: 'failed',
		burned: 'burned',
		expired: 'expired'
	},
	delivered: {
		viewed: 'viewed',
		expired: 'expired',
		burned: 'burned',
		failed: 'failed',
		destroyed: 'destroyed'
	},
	viewed: { destroyed: 'destroyed' },
	...FINAL
};

export function nextRecipientStatus(status: RecipientStatus, event: RecipientEvent): RecipientStatus | null {
	return RECIPIENT_TRANSITIONS[status][event] ?? null;
}

export function isFinalRecipient(status: RecipientStatus): status is Final {
	return Object.hasOwn(FINAL, status);
}

/** The recipient has the bytes, or never will: the sender no longer needs its copy for them. */
export function isSettledRecipient(status: RecipientStatus): boolean {
	return status !== 'queued' && status !== 'sending';
}

export type OutState = 'preparing' | 'sending' | 'sent' | 'done' | 'expired' | 'burned' | 'failed';

export interface OutFacts {
	prepared: boolean;
	burned: boolean;
	/** Every view the sender allowed has been used. */
	exhausted: boolean;
	/** The expiry time passed. */
	expired: boolean;
	recipients: readonly RecipientStatus[];
}

/** An outgoing drop's state follows from a few facts and its recipients' states. */
export function outState(f: OutFacts): OutState {
	if (f.burned) return 'burned';
	if (!f.prepared) return 'preparing';
	if (f.recipients.some((s) => !isSettledRecipient(s)) && !f.exhausted && !f.expired) return 'sending';
	if (f.recipients.length > 0 && f.recipients.every((s) => s === 'failed')) return 'failed';
	const viewed = f.recipients.some((s) => s === 'viewed' || s === 'destroyed');
	if (f.exhausted || (viewed && f.recipients.every(isFinalRecipient))) return 'done';
	if (f.expired || (f.recipients.length > 0 && f.recipients.every(isFinalRecipient))) return 'expired';
	return f.recipients.length === 0 ? 'sending' : 'sent';
}
