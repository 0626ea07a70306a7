/**
 * What the server keeps about code rooms besides their members (which the room backend holds
 * like any room's): which nameplates are held for a creator about to join, how many exchanges
 * failed in each, and which are closed. In this process's memory, or in Redis so that every
 * signaling process sees the same. It never holds a code's words: the server never learns them.
 */
export interface CodeRoomStore {
	/**
	 * Holds `nameplate` for a creator's first join for `ms`, unless it is held or closed already.
	 * A new hold starts the failure count afresh: a new code room behind the same nameplate.
	 */
	hold(nameplate: string, ms: number): Promise<boolean>;
	/** Counts a failed exchange of `pair` (once per pair); returns how many pairs failed so far. */
	countFailure(nameplate: string, pair: string, ms: number): Promise<number>;
	/** Closes the nameplate for `ms`: joins are refused, and it is not handed out. */
	close(nameplate: string, ms: number): Promise<void>;
	isClosed(nameplate: string): Promise<boolean>;
}
