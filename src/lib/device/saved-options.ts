import { parseSavedOptions, serializeOptions, type SendOptions } from '../drops/send-options';

const OPTIONS_KEY = 'vanishdrop.options';

/** The sender's choices live in this tab (sessionStorage): never a photo, never a caption. */
export function loadOptions(): SendOptions {
	try {
		return parseSavedOptions(sessionStorage.getItem(OPTIONS_KEY));
	} catch {
		return parseSavedOptions(null);
	}
}

export function saveOptions(o: SendOptions): void {
	try {
		sessionStorage.setItem(OPTIONS_KEY, serializeOptions(o));
	} catch {
		// Storage may be off; the options then last as long as the page.
	}
}
