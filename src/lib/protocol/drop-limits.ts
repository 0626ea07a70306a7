/** What a drop may be: its kinds and formats, and how big, long or wide, as both peers check it. */

import { CHUNK_BYTES } from './chunk-frames';

export const MAX_IMAGE_SIDE = 20000;
export const MAX_CAPTION_CHARS = 280;

/** What a drop holds. Every kind is sealed, counted, timed and wiped the same way. */
export type DropKind = 'photo' | 'text' | 'video';

/** A photo drop's formats. */
export const DROP_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export type DropMime = (typeof DROP_MIME_TYPES)[number];
/** A video drop's containers, as remuxed by the sender (a QuickTime file leaves as MP4). */
export const VIDEO_MIME_TYPES = ['video/mp4', 'video/webm'] as const;
export type VideoMime = (typeof VIDEO_MIME_TYPES)[number];
export const TEXT_MIME = 'text/plain;charset=utf-8';

/** A text drop: at most this many characters (UTF-16 code units, as a textarea counts them)... */
export const MAX_TEXT_CHARS = 2000;
/** ...which is at most this many bytes of UTF-8. */
export const MAX_TEXT_BYTES = MAX_TEXT_CHARS * 3;
/** A video drop's plain bytes, after the sender's remux. */
export const MAX_VIDEO_BYTES = 50 * 1000 * 1000;
/** A clip's length: 60 s, and half a second for containers that round up. */
export const MAX_VIDEO_MS = 60_500;
/** The sealing adds one 16-byte tag per wire chunk (see `crypto/drop-sealing.ts`). */
const SEAL_OVERHEAD = Math.ceil(MAX_VIDEO_BYTES / (CHUNK_BYTES - 16)) * 16;
/** The hard cap on one drop's sealed bytes, checked before any memory is reserved. */
export const MAX_DROP_BYTES = MAX_VIDEO_BYTES + SEAL_OVERHEAD;
