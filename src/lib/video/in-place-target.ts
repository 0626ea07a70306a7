/**
 * A mediabunny output target that lays the clip out in the buffer the file was read into
 * (`in-place-layout.ts`), instead of `BufferTarget`'s buffer that grows as it is written and is
 * then copied once more to its final size. It keeps each write until the muxer finalizes: the
 * packets as the views of the file they are (no copy), anything else copied at once, since the
 * muxer reuses its scratch buffers.
 *
 * mediabunny has no public way to write a target: this one implements the five methods its
 * `Writer` calls (`_start`, `_write`, `_flush`, `_finalize`, `_close`, as in its own
 * `BufferTarget`), so mediabunny is pinned to one version in package.json, and
 * `canWriteInPlace()` checks that version still has them before this target is used.
 */
import { BufferTarget, Target } from 'mediabunny';
import { layOutInNewBuffer, layOutInPlace, type ClipWrite } from './in-place-layout';

/** The methods of a mediabunny target that its `Writer` and `Output` call. */
const TARGET_METHODS = ['_start', '_write', '_flush', '_finalize', '_close', '_emit'] as const;

/** Whether this mediabunny's targets are still written through the methods this one has. */
export function canWriteInPlace(): boolean {
	const own = BufferTarget.prototype as unknown as Record<string, unknown>;
	return TARGET_METHODS.every((m) => typeof own[m] === 'function');
}

export class InPlaceTarget extends Target {
	readonly #whole: Uint8Array<ArrayBuffer>;
	#writes: ClipWrite[] = [];
	#size = 0;
	#bytes: Uint8Array<ArrayBuffer> | null = null;
	#inPlace = false;

	/** `whole`: the file's bytes, which the input reads from and which nothing else changes. */
	constructor(whole: Uint8Array<ArrayBuffer>) {
		super();
		this.#whole = whole;
	}

	/** The clip, once finalized: a view of the file's buffer, or a buffer of its own. */
	get bytes(): Uint8Array<ArrayBuffer> | null {
		return this.#bytes;
	}

	/** Whether the clip was laid out in the file's buffer (else that buffer is the caller's to zero). */
	get inPlace(): boolean {
		return this.#inPlace;
	}

	_start(): void {}

	_write(data: Uint8Array, pos: number): void {
		this.#writes.push({ pos, data: data.buffer === this.#whole.buffer ? data : data.slice() });
		this.#size = Math.max(this.#size, pos + data.length);
	}

	async _flush(): Promise<void> {}

	async _finalize(): Promise<void> {
		const writes = this.#writes;
		this.#writes = [];
		const inPlace = layOutInPlace(this.#whole, writes, this.#size);
		this.#inPlace = inPlace !== null;
		this.#bytes = inPlace ?? layOutInNewBuffer(writes, this.#size);
		// Output waits for its targets' 'finalized' event.
		(this as unknown as { _emit(event: 'finalized'): void })._emit('finalized');
	}

	async _close(): Promise<void> {
		this.#writes = [];
	}
}
