/**
 * Lays a remuxed clip out in the buffer its file was read into, so that a remux costs one read
 * of the file and no second buffer of its size: a new buffer's first write pays for its memory
 * page by page, which took as long as the read itself. The muxer's writes are either views of
 * that buffer (the packets, which the demuxer hands out as views of it) or small copies of its
 * own (boxes, headers). The views move to their places with `copyWithin`, in an order in which
 * none overwrites bytes still to be moved; the copies go last, in the order they were written.
 */

/** One write of the muxer: `data` belongs at `pos` in the output. */
export interface ClipWrite {
	pos: number;
	data: Uint8Array;
}

/** A view of `whole` with the place it was read from and the place it goes. */
interface Move {
	from: number;
	to: number;
	length: number;
}

/**
 * The output (`size` bytes) in `whole` itself, or null when it can't be laid out there: it is
 * bigger, or a copy overlaps a view's place (then the order of writes matters), or two views
 * overlap. Every byte of `whole` that is not the output's comes out zero: past `size`, and any
 * gap no write covered. Writes that are not views of `whole` must not change until this returns.
 */
export function layOutInPlace(
	whole: Uint8Array<ArrayBuffer>,
	writes: readonly ClipWrite[],
	size: number
): Uint8Array<ArrayBuffer> | null {
	if (size > whole.length) return null;
	const moves = viewMoves(whole, writes);
	const copies = writes.filter((w) => w.data.buffer !== whole.buffer).sort((a, b) => a.pos - b.pos);
	if (!moves || overlapsAny(moves, copies)) return null;
	moveAll(whole, moves);
	for (const w of writes) if (w.data.buffer !== whole.buffer) whole.set(w.data, w.pos);
	zeroUnwritten(whole, writes, size);
	return whole.subarray(0, size);
}

/** The output replayed into a buffer of its own, write by write: what any muxer target does. */
export function layOutInNewBuffer(writes: readonly ClipWrite[], size: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(size);
	for (const w of writes) out.set(w.data, w.pos);
	return out;
}

/** The views of `whole`, by place in the output; null if two would overlap there. */
function viewMoves(whole: Uint8Array<ArrayBuffer>, writes: readonly ClipWrite[]): Move[] | null {
	const moves: Move[] = [];
	for (const w of writes) {
		if (w.data.buffer !== whole.buffer) continue;
		const from = w.data.byteOffset - whole.byteOffset;
		if (from < 0 || from + w.data.length > whole.length) return null;
		moves.push({ from, to: w.pos, length: w.data.length });
	}
	moves.sort((a, b) => a.to - b.to);
	for (let i = 1; i < moves.length; i++)
		if (moves[i - 1]!.to + moves[i - 1]!.length > moves[i]!.to) return null;
	return moves;
}

/** Whether a copy lands on a view's place (both sorted by place; the views do not overlap). */
function overlapsAny(moves: readonly Move[], copies: readonly ClipWrite[]): boolean {
	let m = 0;
	for (const c of copies) {
		const end = c.pos + c.data.length;
		if (end === c.pos) continue;
		while (m < moves.length && moves[m]!.to + moves[m]!.length <= c.pos) m++;
		if (m < moves.length && moves[m]!.to < end) return true;
	}
	return false;
}

/**
 * Moves toward the start, taken by place, never overwrite a later one's bytes (a later one
 * comes from at or past its own place, which is past this one's end); moves toward the end,
 * taken backwards, never overwrite an earlier one's. One kind may overwrite the other's, so
 * the smaller kind (in bytes) is copied aside first and written back last.
 */
function moveAll(whole: Uint8Array<ArrayBuffer>, moves: readonly Move[]): void {
	const back = moves.filter((m) => m.to <= m.from);
	const ahead = moves.filter((m) => m.to > m.from);
	const bytes = (list: readonly Move[]) => list.reduce((n, m) => n + m.length, 0);
	const aheadFirst = bytes(back) < bytes(ahead);
	const aside = (aheadFirst ? back : ahead).map((m) => ({
		to: m.to,
		data: whole.slice(m.from, m.from + m.length)
	}));
	if (aheadFirst) for (let i = ahead.length - 1; i >= 0; i--) move(whole, ahead[i]!);
	else for (const m of back) move(whole, m);
	for (const a of aside) whole.set(a.data, a.to);
}

function move(whole: Uint8Array<ArrayBuffer>, m: Move): void {
	if (m.from !== m.to) whole.copyWithin(m.to, m.from, m.from + m.length);
}

/** Zeroes what no write covered before `size`, and all past it: none of the file stays behind. */
function zeroUnwritten(whole: Uint8Array<ArrayBuffer>, writes: readonly ClipWrite[], size: number): void {
	const spans = writes.map((w) => [w.pos, w.pos + w.data.length] as const).sort((a, b) => a[0] - b[0]);
	let covered = 0;
	for (const [start, end] of spans) {
		if (start > covered) whole.fill(0, covered, Math.min(start, size));
		covered = Math.max(covered, end);
		if (covered >= size) break;
	}
	if (covered < size) whole.fill(0, covered, size);
	whole.fill(0, size);
}
