import { CHUNK_BYTES, type DropHeader } from '../protocol/peer-messages';
import { DropAssembler } from './drop-assembler';
import { RECEIVE_BUDGET } from './receive-budget';

/** Why the receiver would not take what a peer sent; the peer channel treats each as hostile. */
export type Refusal =
	| 'duplicate-drop'
	| 'too-many-arriving'
	| 'too-big'
	| 'unknown-stream'
	| 'short-chunk'
	| 'broken-promise'
	| 'unknown-drop';

/** What this device knows of the sender when a header comes. */
export interface HeaderFacts {
	/** Its stream, or its drop id, is in use from this sender already. */
	readonly known: boolean;
	/** Drops from this sender whose bytes are still coming. */
	readonly arriving: number;
}

/** A header's promises, judged before a byte is taken: an assembler for its bytes, or a refusal. */
export function startAssembly(header: DropHeader, facts: HeaderFacts): DropAssembler | Refusal {
	// Drops are known by sender and id: another member reusing this id changes nothing here.
	if (facts.known) return 'duplicate-drop';
	// An honest sender sends one drop at a time: more at once is a flood of promises.
	if (facts.arriving >= RECEIVE_BUDGET.arrivingPerPeer) return 'too-many-arriving';
	const assembler = DropAssembler.start(header);
	if (assembler instanceof DropAssembler) return assembler;
	return assembler.problem === 'too-big' ? 'too-big' : 'broken-promise';
}

/** Only the last chunk of a drop may be short: a stream of tiny chunks is a flood. */
export function chunkRefusal(assembler: DropAssembler, length: number): 'short-chunk' | null {
	const isLast = assembler.received + length === assembler.header.size;
	return length < CHUNK_BYTES && !isLast ? 'short-chunk' : null;
}

/**
 * A chunk on a stream that is not arriving. Bytes of a drop refused for the budget may still
 * come (`let-fall`), but no more than it promised (`overflow`); any other stream is unknown.
 */
export function strayChunkRefusal(fell: 'let-fall' | 'overflow' | null): Refusal | null {
	if (fell === 'let-fall') return null;
	return fell === 'overflow' ? 'broken-promise' : 'unknown-stream';
}
