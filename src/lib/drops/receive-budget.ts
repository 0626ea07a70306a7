import type { DropHeader } from '../protocol/peer-messages';
import { MAX_EXPIRY_MS } from './send-options';

/**
 * How much a tab holds for others: what one sender, and all of them together, may have arriving
 * or waiting unopened on this device. A drop counts with its promised size from its header on:
 * memory is only taken as bytes arrive, but the budget is spent at once, so a promise can't
 * overbook it.
 */
export const RECEIVE_BUDGET = {
	/** Drops arriving at once from one peer. An honest sender sends one drop at a time. */
	arrivingPerPeer: 4,
	/** Drops held (arriving or unopened) from one peer, and their bytes. */
	heldPerPeer: 20,
	heldBytesPerPeer: 100_000_000,
	/** Drops held from everyone together, and their bytes. */
	heldPerTab: 60,
	heldBytesPerTab: 250_000_000,
	/** An arriving drop that sees no byte for this long has stalled: it fails. */
	stallMs: 30_000,
	/** The longest an unopened drop may stay: what the sender's options offer at most. */
	maxExpiryMs: MAX_EXPIRY_MS
} as const;

export type BudgetRefusal = 'peer-count' | 'peer-bytes' | 'tab-count' | 'tab-bytes';

/** A drop this device holds for someone: who sent it, and how many bytes it promised. */
export interface HeldDrop {
	readonly fromId: string;
	readonly size: number;
}

/** Whether one more drop of `size` bytes from `fromId` fits, or which limit it would break. */
export function checkBudget(held: readonly HeldDrop[], fromId: string, size: number): BudgetRefusal | null {
	let peerCount = 1;
	let peerBytes = size;
	let tabBytes = size;
	for (const d of held) {
		tabBytes += d.size;
		if (d.fromId !== fromId) continue;
		peerCount++;
		peerBytes += d.size;
	}
	if (peerCount > RECEIVE_BUDGET.heldPerPeer) return 'peer-count';
	if (peerBytes > RECEIVE_BUDGET.heldBytesPerPeer) return 'peer-bytes';
	if (held.length + 1 > RECEIVE_BUDGET.heldPerTab) return 'tab-count';
	if (tabBytes > RECEIVE_BUDGET.heldBytesPerTab) return 'tab-bytes';
	return null;
}

/** No sender keeps a drop on this device for longer than any sender's options allow. */
export function clampExpiry(header: DropHeader, now: number): DropHeader {
	const latest = now + RECEIVE_BUDGET.maxExpiryMs;
	if (header.options.expiresAt <= latest) return header;
	return { ...header, options: { ...header.options, expiresAt: latest } };
}
