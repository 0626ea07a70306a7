/**
 * The states a drop goes through, as pure transition functions. The UI contract names them:
 * an incoming drop is receiving -> sealed -> viewing -> destroyed (or expired, burned, failed);
 * each recipient of an outgoing drop is queued -> sending -> delivered -> viewed -> destroyed.
 */

export type InState = 'receiving' | 'sealed' | 'viewing' | 'destroyed' | 'expired' | 'burned' | 'failed';
export type InEvent = 'verified' | 'reveal' | 'view-ended' | 'expire' | 'burn' | 'fail';

const IN_TRANSITIONS: Record<InState, Partial<Record<InEvent, InState>>> = {
	receiving: { verified: 'sealed', fail: 'failed', burn: 'burned', expire: 'expired' },
	sealed: { reveal: 'viewing', expire: 'expired', burn: 'burned', fail: 'failed' },
	// Once the picture is on screen, burning or expiry can't take it back: it ends as viewed.
	viewing: { 'view-ended': 'destroyed', fail: 'destroyed' },
	destroyed: {},
	expired: {},
	burned: {},
	failed: {}
};

/** The next state, or null when the event does not apply (a second reveal, a late burn...). */
export function nextInState(state: InState, event: InEvent): InState | null {
	return IN_TRANSITIONS[state][event] ?? null;
}

export function isFinalIn(state: InState): boolean {
	return Object.keys(IN_TRANSITIONS[state]).length === 0;
}

export type RecipientStatus =
	'queued' | 'sending' | 'delivered' | 'viewed' | 'destroyed' | 'expired' | 'burned' | 'failed';
export type RecipientEvent = 'start' | 'delivered' | 'viewed' | 'destroyed' | 'expired' | 'burned' | 'failed';

const RECIPIENT_TRANSITIONS: Record<RecipientStatus, Partial<Record<RecipientEvent, RecipientStatus>>> = {
	queued: { start: 'sending', failed: 'failed', burned: 'burned', expired: 'expired' },
	sending: { delivered: 'delivered', failed: 'failed', burned: 'burned', expired: 'expired' },
	delivered: {
		viewed: 'viewed',
		expired: 'expired',
		burned: 'burned',
		failed: 'failed',
		destroyed: 'destroyed'
	},
	viewed: { destroyed: 'destroyed' },
	destroyed: {},
	expired: {},
	burned: {},
	failed: {}
};

export function nextRecipientStatus(status: RecipientStatus, event: RecipientEvent): RecipientStatus | null {
	return RECIPIENT_TRANSITIONS[status][event] ?? null;
}

export function isFinalRecipient(status: RecipientStatus): boolean {
	return Object.keys(RECIPIENT_TRANSITIONS[status]).length === 0;
}

/** The recipient has the bytes, or never will: the sender no longer needs its copy for them. */
export function isSettledRecipient(status: RecipientStatus): boolean {
	return status !== 'queued' && status !== 'sending';
}

export type OutState = 'preparing' | 'sending' | 'sent' | 'done' | 'expired' | 'burned' | 'failed';

/** An outgoing drop's state follows from its recipients'. */
export function outState(
	prepared: boolean,
	burned: boolean,
	recipients: readonly RecipientStatus[]
): OutState {
	if (burned) return 'burned';
	if (!prepared) return 'preparing';
	if (recipients.length === 0) return 'sending';
	if (recipients.every((s) => s === 'failed')) return 'failed';
	if (recipients.some((s) => !isSettledRecipient(s))) return 'sending';
	if (!recipients.every(isFinalRecipient)) return 'sent';
	const live = recipients.filter((s) => s !== 'failed');
	if (live.every((s) => s === 'expired')) return 'expired';
	return 'done';
}
