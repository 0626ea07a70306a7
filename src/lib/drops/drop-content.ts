import type { PreparedPhoto } from '../image/prepared-photo';
import { MAX_TEXT_CHARS, TEXT_MIME, type DropHeader, type VideoMime } from '../protocol/peer-messages';

/** A clip ready to send: remuxed with its tracks as they were and none of its metadata. */
export interface PreparedVideo {
	bytes: Uint8Array<ArrayBuffer>;
	mime: VideoMime;
	width: number;
	height: number;
	durationMs: number;
}

/** What a sender's tab holds of one drop, ready to seal: a photo, a text or a clip. */
export type DropContent =
	| ({ kind: 'photo' } & PreparedPhoto)
	| { kind: 'text'; bytes: Uint8Array<ArrayBuffer> }
	| ({ kind: 'video' } & PreparedVideo);

/** The header fields that say what the bytes are, by kind. */
export type KindFields =
	| Pick<Extract<DropHeader, { kind: 'photo' }>, 'kind' | 'mime' | 'width' | 'height'>
	| Pick<Extract<DropHeader, { kind: 'text' }>, 'kind' | 'mime'>
	| Pick<Extract<DropHeader, { kind: 'video' }>, 'kind' | 'mime' | 'width' | 'height' | 'durationMs'>;

export function kindFields(c: DropContent): KindFields {
	switch (c.kind) {
		case 'photo':
			return { kind: 'photo', mime: c.mime, width: c.width, height: c.height };
		case 'text':
			return { kind: 'text', mime: TEXT_MIME };
		case 'video':
			return { kind: 'video', mime: c.mime, width: c.width, height: c.height, durationMs: c.durationMs };
	}
}

export type TextProblem = 'empty' | 'too-long';

/** What is wrong with a text as a drop, if anything: nothing but blanks, or too long. */
export function textProblem(text: string): TextProblem | null {
	if (text.trim() === '') return 'empty';
	if (text.length > MAX_TEXT_CHARS) return 'too-long';
	return null;
}

/** A secret text as it travels: UTF-8, as typed (no trimming inside), at most `MAX_TEXT_CHARS`. */
export function textContent(text: string): DropContent | TextProblem {
	return (
		textProblem(text) ?? { kind: 'text', bytes: new TextEncoder().encode(text) as Uint8Array<ArrayBuffer> }
	);
}
