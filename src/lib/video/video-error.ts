import { userErrorClass } from '../text/user-error';

/** The ways preparing a clip can fail that a user can meet, each with what to tell them. */
export type VideoErrorCode = 'not-a-video' | 'too-long' | 'file-too-big' | 'unreadable' | 'no-picture';

export const VIDEO_ERROR_MESSAGES: Record<VideoErrorCode, string> = {
	'not-a-video': "This file isn't a video this app can send (MP4, WebM or MOV).",
	'too-long': 'This video is longer than a minute. Trim it to 60 seconds or less.',
	'file-too-big': 'This video is too big to send (over 50 MB).',
	unreadable: "This video couldn't be read or its location and camera data couldn't be removed.",
	'no-picture': 'This video has no picture track this browser can send as it is.'
};

export class VideoError extends userErrorClass('VideoError', VIDEO_ERROR_MESSAGES) {}
