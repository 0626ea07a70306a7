/**
 * The service worker's side of a share: the files of one POST held in the worker's memory (never
 * in a cache or any store) under a one-time token, until the page that the share opened takes
 * them, or a minute has passed. Taking them forgets them.
 */
import { MAX_SHARED_FILES, SHARE_FILES_FIELD } from './share-messages';

export interface InboxDeps {
	/** A fresh token (22 base64url characters). */
	token: () => string;
	setTimeout: (fn: () => void, ms: number) => unknown;
}

export const SHARE_HOLD_MS = 60_000;

/** The files of a share's form data: `File`s of the files field, non-empty, at most the limit. */
export function sharedFilesOf(form: FormData): File[] {
	return form
		.getAll(SHARE_FILES_FIELD)
		.filter((f): f is File => f instanceof File && f.size > 0)
		.slice(0, MAX_SHARED_FILES);
}

export class ShareInbox {
	readonly #deps: InboxDeps;
	readonly #held = new Map<string, { files: File[]; done: () => void }>();

	constructor(deps: InboxDeps) {
		this.#deps = deps;
	}

	/**
	 * Holds `files`; returns their token and a promise that settles once they are taken or
	 * dropped (the service worker stays alive until then: `waitUntil`).
	 */
	hold(files: File[]): { token: string; settled: Promise<void> } {
		const token = this.#deps.token();
		let done: () => void = () => {};
		const settled = new Promise<void>((resolve) => (done = resolve));
		this.#held.set(token, { files, done });
		this.#deps.setTimeout(() => this.#forget(token), SHARE_HOLD_MS);
		return { token, settled };
	}

	/** The files held under `token`, once: a second take, or a wrong token, gets null. */
	take(token: string): File[] | null {
		const entry = this.#held.get(token);
		if (!entry) return null;
		this.#forget(token);
		return entry.files;
	}

	get size(): number {
		return this.#held.size;
	}

	#forget(token: string): void {
		const entry = this.#held.get(token);
		this.#held.delete(token);
		entry?.done();
	}
}
