import { m } from '../paraglide/messages';
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

export const PREPARE_ERROR_MESSAGES: Record<PrepareErrorCode, () => string> = {
	'not-an-image': m.prepare_error_not_an_image,
	'too-large': m.prepare_error_too_large,
	'heic-unsupported': m.prepare_error_heic_unsupported,
	corrupt: m.prepare_error_corrupt,
	'file-too-big': m.prepare_error_file_too_big,
	failed: m.prepare_error_failed
};

export function isPrepareErrorCode(value: unknown): value is PrepareErrorCode {
	return typeof value === 'string' && (PREPARE_ERROR_CODES as readonly string[]).includes(value);
}

export class PrepareError extends userErrorClass('PrepareError', PREPARE_ERROR_MESSAGES) {}

export function tooLargeError(width: number, height: number): PrepareError {
	return new PrepareError('too-large', m.prepare_error_too_large_size({ width, height }));
}

export function fileTooBigError(maxBytes: number): PrepareError {
	const mb = Math.round(maxBytes / 1_000_000);
	return new PrepareError('file-too-big', m.prepare_error_file_too_big_max({ mb }));
}

/** A full-size picture that came out bigger than one drop may be. */
export function originalTooBigError(maxBytes: number): PrepareError {
	const mb = Math.round(maxBytes / 1_000_000);
	return new PrepareError('file-too-big', m.prepare_error_original_too_big({ mb }));
}
