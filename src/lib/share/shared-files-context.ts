/**
 * Files shared to the app, carried from the share page to the room the person picks, in this
 * page's memory only: the layout makes one holder, pages reach it through context.
 */
import { getContext, setContext } from 'svelte';

export class SharedFilesHolder {
	#files: File[] = [];

	put(files: File[]): void {
		this.#files = files;
	}

	/** The files, once. */
	take(): File[] {
		const files = this.#files;
		this.#files = [];
		return files;
	}
}

const KEY = Symbol('shared-files');

export function setSharedFiles(holder: SharedFilesHolder): SharedFilesHolder {
	return setContext(KEY, holder);
}

export function getSharedFiles(): SharedFilesHolder | undefined {
	return getContext<SharedFilesHolder | undefined>(KEY);
}
