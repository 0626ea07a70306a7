import type { PreparedPhoto } from '../image/prepared-photo';
import type { SendOptions } from './send-options';

export interface WatermarkMark {
	name: string;
	safetyCode: string;
}

/** How a file becomes a photo ready to send, and each recipient's own copy of it. */
export interface Preparation {
	prepare: (
		file: File,
		quality: SendOptions['quality'],
		onProgress: (pct: number) => void,
		signal: AbortSignal
	) => Promise<PreparedPhoto>;
	/** The recipient's own copy, marked with who it is for: their name and the pair's safety code. */
	watermark: (photo: PreparedPhoto, mark: WatermarkMark) => Promise<PreparedPhoto>;
	/** SHA-256 of the bytes as lower-case hex: the header's promise. */
	hash: (bytes: Uint8Array) => Promise<string>;
	/** What the person reads when a file can't be prepared. */
	describeError: (err: unknown, fileName: string) => string;
}
