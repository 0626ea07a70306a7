import type { DropMime } from '../transfer/peer-messages';
import { parseSavedOptions, serializeOptions, type SendOptions } from '../drops/send-options';

export interface PhotoToSend {
	bytes: Uint8Array;
	mime: DropMime;
	width: number;
	height: number;
}

/**
 * Loads the preparation code on the first drop only: it is the heaviest part of the app and a
 * page that only receives never needs it.
 */
export async function prepareForSending(
	file: File,
	quality: SendOptions['quality'],
	onProgress: (pct: number) => void
): Promise<PhotoToSend> {
	const { preparePhoto, prepareOriginal } = await import('../image/prepare-photo');
	return quality === 'original' ? prepareOriginal(file, { onProgress }) : preparePhoto(file, { onProgress });
}

/** Each recipient's own copy, with their name and the time tiled faintly across it. */
export async function watermarkForRecipient(photo: PhotoToSend, name: string): Promise<PhotoToSend> {
	const { watermarkPhoto } = await import('../image/prepare-photo');
	const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
	return watermarkPhoto(photo, `${name} · ${time}`);
}

const OPTIONS_KEY = 'vanishdrop.options';

/** The sender's choices live in this tab (sessionStorage): never a photo, never a caption. */
export function loadOptions(): SendOptions {
	try {
		return parseSavedOptions(sessionStorage.getItem(OPTIONS_KEY));
	} catch {
		return parseSavedOptions(null);
	}
}

export function saveOptions(o: SendOptions): void {
	try {
		sessionStorage.setItem(OPTIONS_KEY, serializeOptions(o));
	} catch {
		// Storage may be off; the options then last as long as the page.
	}
}

let warmed = false;

/** Fetches the preparation code ahead of the first drop, once someone is there to send to. */
export function warmUpPreparation(): void {
	if (warmed) return;
	warmed = true;
	void import('../image/prepare-photo').then((m) => m.warmUpPhotoWorker()).catch(() => (warmed = false));
}

export function describePrepareError(err: unknown, fileName: string): string {
	const what = fileName ? `"${fileName.slice(0, 60)}"` : 'That file';
	if (err instanceof Error && 'code' in err && typeof err.message === 'string' && err.message) {
		return `${what}: ${err.message} Nothing was sent.`;
	}
	return `${what} could not be prepared. Nothing was sent.`;
}
