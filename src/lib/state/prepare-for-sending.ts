import type { DropMime } from '../transfer/peer-messages';

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
export async function prepareForSending(file: File, onProgress: (pct: number) => void): Promise<PhotoToSend> {
	const { preparePhoto } = await import('../image/prepare-photo');
	return preparePhoto(file, { onProgress });
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
