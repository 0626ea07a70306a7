import { m } from '../paraglide/messages';

// What the sender reads when a chosen file can't be prepared: loaded with the drop code
// (room/room-drop-parts.ts), as a file is only prepared to be dropped.

export function describePrepareError(err: unknown, fileName: string): string {
	const file = fileName.slice(0, 60);
	if (err instanceof Error && 'code' in err && typeof err.message === 'string' && err.message) {
		const reason = err.message;
		return file ? m.alert_prepare_reason_named({ file, reason }) : m.alert_prepare_reason({ reason });
	}
	return file ? m.alert_prepare_failed_named({ file }) : m.alert_prepare_failed();
}
