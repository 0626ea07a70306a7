import type { PreparedMime } from './prepare-messages';

/** A photo ready to send: upright, with no metadata, re-encoded or losslessly stripped. */
export interface PreparedPhoto {
	bytes: Uint8Array<ArrayBuffer>;
	/** 'image/png' only from `prepareOriginal` of a PNG, WebP, GIF, BMP or AVIF. */
	mime: PreparedMime;
	width: number;
	height: number;
	/**
	 * The full decode that checks these bytes' coded picture (of the file, which the strip keeps
	 * byte for byte), where it still runs while they are sent (`prepareOriginal` of an upright
	 * JPEG): rejects with a `PrepareError` if it fails.
	 */
	checked?: Promise<void>;
}
