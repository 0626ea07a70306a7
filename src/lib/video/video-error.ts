import { m } from '../paraglide/messages';
import { userErrorClass } from '../text/user-error';

/** The ways preparing a clip can fail that a user can meet, each with what to tell them. */
export type VideoErrorCode = 'not-a-video' | 'too-long' | 'file-too-big' | 'unreadable' | 'no-picture';

export const VIDEO_ERROR_MESSAGES: Record<VideoErrorCode, () => string> = {
	'not-a-video': m.video_error_not_a_video,
	'too-long': m.video_error_too_long,
	'file-too-big': m.video_error_file_too_big,
	unreadable: m.video_error_unreadable,
	'no-picture': m.video_error_no_picture
};

export class VideoError extends userErrorClass('VideoError', VIDEO_ERROR_MESSAGES) {}
