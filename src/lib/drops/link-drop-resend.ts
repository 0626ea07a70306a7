import type { Recipient, OutgoingDrop } from './outgoing-drop.svelte';
import type { RecipientStatus } from './drop-lifecycle';

/** What a recipient's copy cut off by a dropped link becomes. */
export type ResendDecision = 'requeue' | 'failed';

export interface CutOffCopy {
	/** The drop is still open to recipients and views (not burned, expired or used up). */
	readonly live: boolean;
	readonly status: RecipientStatus;
	/** The recipient was granted its view: it has had everything it may have. */
	readonly granted: boolean;
	/** This recipient's copy of this drop was sent again once already. */
	readonly resentBefore: boolean;
}

/**
 * The link to a recipient dropped while its copy was on its way: the copy is sent again once the
 * link is back (`requeue`: it waits as `queued`), once per recipient and drop, and only while the
 * drop is live. Otherwise it fails, as it always did. Null: the copy was not on its way.
 */
export function afterCutOff(copy: CutOffCopy): ResendDecision | null {
	if (copy.status !== 'sending') return null;
	return copy.live && !copy.granted && !copy.resentBefore ? 'requeue' : 'failed';
}

/**
 * The copies sent again after a dropped link, so that a link that keeps dropping cannot make a
 * drop go out again and again. The copy sent again is a new one, sealed under a fresh key
 * (`deliverCopy`), to the same `Recipient`: its one view, and the drop's count of views, stay.
 */
export class LinkDropResends {
	readonly #resent = new Set<string>();

	/** The copy of `drop` to `r` was cut off with the link: what becomes of it (see `afterCutOff`). */
	decide(drop: OutgoingDrop, r: Recipient): ResendDecision | null {
		const key = `${drop.id}/${r.peerId}`;
		const decision = afterCutOff({
			live: drop.live,
			status: r.status,
			granted: r.granted,
			resentBefore: this.#resent.has(key)
		});
		if (decision === 'requeue') this.#resent.add(key);
		return decision;
	}

	/** The drop left the page. */
	forget(drop: OutgoingDrop): void {
		for (const r of drop.recipients) this.#resent.delete(`${drop.id}/${r.peerId}`);
	}
}
