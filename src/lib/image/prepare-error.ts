import { userErrorClass } from '../text/user-error';

/** The ways preparing a photo can fail that a user can meet, each with what to tell them. */

export const PREPARE_ERROR_CODES = [
	'not-an-image',
	'too-large',
	'heic-unsupported',
	'corrupt',
	'file-too-big',
	'failed'
] as const;

export type PrepareErrorCode = (typeof PREPARE_ERROR_CODES)[number];

export const PREPARE_ERROR_MESSAGES: Record<PrepareErrorCode, string> = {
	'not-an-image': "This file isn't a photo this app can open (JPEG, PNG, WebP, GIF, BMP or AVIF).",
	'too-large': 'This image is too large to open safely.',
	'heic-unsupported':
		"HEIC photos can't be opened in this browser. Export it as JPEG, or set your iPhone camera to Most Compatible.",
	corrupt: "This photo is damaged and can't be opened.",
	'file-too-big': 'This file is too big to send.',
	failed: "This photo couldn't be prepared. Try another one."
};

export function isPrepareErrorCode(value: unknown): value is PrepareErrorCode {
	return typeof value === 'string' && (PREPARE_ERROR_CODES as readonly string[]).includes(value);
}

export class PrepareError extends userErrorClass('PrepareError', PREPARE_ERROR_MESSAGES) {}

export function tooLargeError(width: number, height: number): PrepareError {
	return new PrepareError('too-large', `This image is too large to open safely (${width} × ${height}).`);
}

export function fileTooBigError(maxBytes: number): PrepareError {
	const mb = Math.round(maxBytes / 1_000_000);
	return new PrepareError('file-too-big', `This file is too big to send (over ${mb} MB).`);
}

/** A full-size picture that came out bigger than one drop may be. */
export function originalTooBigError(maxBytes: number): PrepareError {
	const mb = Math.round(maxBytes / 1_000_000);
	return new PrepareError(
		'file-too-big',
		`This photo is too big to send at original quality (over ${mb} MB). Send it at normal quality.`
	);
}
