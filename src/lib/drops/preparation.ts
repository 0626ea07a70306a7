import type { PreparedPhoto } from '../image/prepared-photo';
import type { DropContent, PreparedVideo } from './drop-content';
import type { SendOptions } from './send-options';

export interface WatermarkMark {
	name: string;
	safetyCode: string;
}

/** How a file becomes a photo or a clip ready to send, and each recipient's own copy of a photo. */
export interface Preparation {
	prepare: (
		file: File,
		quality: SendOptions['quality'],
		onProgress: (pct: number) => void,
		signal: AbortSignal
	) => Promise<PreparedPhoto>;
	/** A clip, remuxed without its metadata (loaded only when a clip is chosen). */
	prepareVideo: (
		file: File,
		onProgress: (pct: number) => void,
		signal: AbortSignal
	) => Promise<PreparedVideo>;
	/** The recipient's own copy, marked with who it is for: their name and the pair's safety code. */
	watermark: (photo: PreparedPhoto, mark: WatermarkMark) => Promise<PreparedPhoto>;
	/** SHA-256 of the bytes as lower-case hex: the header's promise. */
	hash: (bytes: Uint8Array) => Promise<string>;
}

/** A chosen file made ready to send: a clip remuxed, or a photo prepared at the quality asked. */
export async function prepareContent(
	prep: Preparation,
	file: File,
	kind: 'photo' | 'video',
	quality: SendOptions['quality'],
	onProgress: (pct: number) => void,
	signal: AbortSignal
): Promise<DropContent> {
	return kind === 'video'
		? { kind: 'video', ...(await prep.prepareVideo(file, onProgress, signal)) }
		: { kind: 'photo', ...(await prep.prepare(file, quality, onProgress, signal)) };
}
