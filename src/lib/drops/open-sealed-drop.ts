import type { SealedCopy } from '../crypto/drop-sealing';
import { openSealed } from '../crypto/open-sealed';
import type { ReceivedImageProblem } from '../image/check-received-image';
import { MAX_TEXT_CHARS, type DropHeader } from '../protocol/peer-messages';
import type { ReceivedVideoProblem } from '../video/check-received-video';
import { readyPhotoOpener, warmUpPhotoOpener, type WorkerOpened } from './photo-opener';

/** Why a granted drop could not be shown: its seal or its content broke a promise. */
export type OpenProblem = ReceivedImageProblem | ReceivedVideoProblem | 'bad-text' | 'bad-seal';

/** What a drop shows while, and only while, it is viewed. */
export type Shown =
	| { kind: 'photo'; bitmap: ImageBitmap }
	| { kind: 'text'; text: string }
	/** A Blob URL of the clip in memory: revoked when the view ends. */
	| { kind: 'video'; url: string };

export type Opened =
	| { kind: 'shown'; shown: Shown }
	| { kind: 'problem'; problem: OpenProblem }
	/** The browser could not decode it. */
	| { kind: 'undecodable' };

/**
 * Fetches the content check ahead of a reveal, so the view does not wait for it; for a photo,
 * starts the worker that opens it too.
 */
export function prefetchOpening(kind: DropHeader['kind']): void {
	if (kind === 'photo') {
		warmUpPhotoOpener();
		void import('../image/check-received-image').catch(() => undefined);
	}
	if (kind === 'video') void import('../video/check-received-video').catch(() => undefined);
}

/** A text drop's bytes: strict UTF-8, no longer than a sender may send. */
function openText(plain: Uint8Array): Opened {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(plain);
	} catch {
		return { kind: 'problem', problem: 'bad-text' };
	}
	if (text.length > MAX_TEXT_CHARS) return { kind: 'problem', problem: 'bad-text' };
	return { kind: 'shown', shown: { kind: 'text', text } };
}

async function openContent(plain: Uint8Array<ArrayBuffer>, header: DropHeader): Promise<Opened> {
	switch (header.kind) {
		case 'text':
			return openText(plain);
		case 'video': {
			const { checkReceivedVideo } = await import('../video/check-received-video');
			const problem = checkReceivedVideo(plain, header);
			if (problem) return { kind: 'problem', problem };
			// The Blob is the one copy the player reads; the plain buffer is zeroed below.
			const url = URL.createObjectURL(new Blob([plain], { type: header.mime }));
			return { kind: 'shown', shown: { kind: 'video', url } };
		}
		case 'photo': {
			// The bytes' own header, checked before a decoder sees them: a sender's claim is no proof.
			const { checkReceivedImage } = await import('../image/check-received-image');
			const problem = checkReceivedImage(plain, header);
			if (problem) return { kind: 'problem', problem };
			return decodePhoto(plain, header.mime);
		}
	}
}

async function decodePhoto(plain: Uint8Array<ArrayBuffer>, mime: string): Promise<Opened> {
	try {
		const bitmap = await createImageBitmap(new Blob([plain], { type: mime }));
		return { kind: 'shown', shown: { kind: 'photo', bitmap } };
	} catch {
		return { kind: 'undecodable' };
	}
}

/** What the worker made of a photo, as the viewer takes it; bytes it handed back are decoded here. */
async function fromWorker(opened: WorkerOpened, mime: string): Promise<Opened> {
	switch (opened.kind) {
		case 'shown':
			return { kind: 'shown', shown: { kind: 'photo', bitmap: opened.bitmap } };
		case 'plain':
			try {
				return await decodePhoto(opened.plain, mime);
			} finally {
				opened.plain.fill(0);
			}
		case 'problem':
			return { kind: 'problem', problem: opened.problem };
		case 'undecodable':
			return { kind: 'undecodable' };
	}
}

/**
 * Opens a sealed copy with its key into what the viewer shows: decrypts into a fresh buffer
 * (each ciphertext chunk zeroed as it goes), checks the content's real format and size from its
 * own bytes, then decodes a photo, decodes a text, or hands a clip to the player as a Blob. A
 * photo goes to the warm worker when it is ready (its key and chunks move there, off this page),
 * and is opened here otherwise. The key, the ciphertext and the plaintext are zeroed whatever
 * happens.
 */
export async function openSealedDrop(
	key: Uint8Array,
	copy: SealedCopy,
	chunks: Uint8Array[],
	header: DropHeader
): Promise<Opened> {
	if (header.kind === 'photo') {
		// The warm worker decrypts and decodes off this thread; it zeroes what it was handed.
		const opening = readyPhotoOpener()?.open(key, copy, chunks, header);
		if (opening) return fromWorker(await opening, header.mime);
	}
	let plain: Uint8Array<ArrayBuffer> | null = null;
	try {
		plain = await openSealed(key, copy, chunks);
		key.fill(0);
		if (!plain) return { kind: 'problem', problem: 'bad-seal' };
		return await openContent(plain, header);
	} finally {
		key.fill(0);
		for (const chunk of chunks) chunk.fill(0);
		plain?.fill(0);
	}
}
