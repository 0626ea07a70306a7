import type { WatermarkMark } from '../drops/preparation';
import type { SendOptions } from '../drops/send-options';
import type { PreparedPhoto } from './prepared-photo';
import { formatShortTime } from '../time/locale-format';

type PreparePhotoModule = typeof import('./prepare-photo');
/** Kept once loaded: importing it again would still wait a task on every drop. */
let loaded: PreparePhotoModule | undefined;

async function preparePhotoModule(): Promise<PreparePhotoModule> {
	return (loaded ??= await import('./prepare-photo'));
}

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
	const { preparePhoto, prepareOriginal } = loaded ?? (await preparePhotoModule());
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
	const { watermarkPhoto } = loaded ?? (await preparePhotoModule());
	const time = formatShortTime(Date.now());
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
	void preparePhotoModule()
		.then((m) => m.warmUpPhotoWorker())
		.catch(() => (warmed = false));
}
