import type { WatermarkMark } from '../drops/preparation';
import { getLocale } from '../paraglide/runtime';
import type { SendOptions } from '../drops/send-options';
import type { PreparedPhoto } from './prepared-photo';

/**
 * Loads the preparation code on the first drop only: it is the heaviest part of the app and a
 * page that only receives never needs it.
 */
export async function prepareForSending(
	file: File,
	quality: SendOptions['quality'],
	onProgress: (pct: number) => void,
	signal?: AbortSignal
): Promise<PreparedPhoto> {
	const { preparePhoto, prepareOriginal } = await import('./prepare-photo');
	signal?.throwIfAborted();
	const job = { onProgress, ...(signal ? { signal } : {}) };
	return quality === 'original' ? prepareOriginal(file, job) : preparePhoto(file, job);
}

/**
 * Each recipient's own copy, with their name, the pair's safety code and the time tiled faintly
 * across it. The name alone could be anyone's; the code ties the copy to one verified device.
 */
export async function watermarkForRecipient(
	photo: PreparedPhoto,
	mark: WatermarkMark
): Promise<PreparedPhoto> {
	const { watermarkPhoto } = await import('./prepare-photo');
	// The time in the sender's page language; the name and the code are names, never translated.
	const time = new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit' }).format(
		new Date()
	);
	return watermarkPhoto(photo, watermarkLine(mark, time));
}

/** `Ada · 123 456 · 14:05`; without a code (none yet) just the name and time. */
export function watermarkLine(mark: WatermarkMark, time: string): string {
	return [mark.name, mark.safetyCode, time].filter((part) => part !== '').join(' · ');
}

let warmed = false;

/** Fetches the preparation code ahead of the first drop, once someone is there to send to. */
export function warmUpPreparation(): void {
	if (warmed) return;
	warmed = true;
	void import('./prepare-photo').then((m) => m.warmUpPhotoWorker()).catch(() => (warmed = false));
}
