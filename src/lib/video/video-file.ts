/** The clips a sender may choose: MP4, WebM and QuickTime (which leaves as MP4). */
export const ACCEPTED_VIDEO_TYPES = ['video/mp4', 'video/webm', 'video/quicktime'] as const;
/** A chosen clip's file, before the remux: what the file picker and the sender check first. */
export const MAX_VIDEO_FILE_BYTES = 50 * 1000 * 1000;
/** A clip's length as the sender measures it. */
export const MAX_VIDEO_SECONDS = 60;

const VIDEO_NAME = /\.(mp4|m4v|mov|qt|webm)$/i;

/**
 * Whether a chosen file goes the clip's way rather than the photo's: its type says video, or it
 * has none (some systems give none for .mov) and its name says so. A video of a kind this app
 * does not take still goes this way, to be refused as a video.
 */
export function isVideoFile(file: { type: string; name: string }): boolean {
	return file.type.startsWith('video/') || (file.type === '' && VIDEO_NAME.test(file.name));
}
