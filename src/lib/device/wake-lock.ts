/**
 * Keeps the screen on while a photo is moving, where the Wake Lock API exists (it needs a secure
 * context and a visible page). Returns the release function.
 */
export function holdScreenAwake(): () => void {
	let sentinel: WakeLockSentinel | null = null;
	let released = false;
	const request = () => {
		if (released || document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
		navigator.wakeLock
			.request('screen')
			.then((s) => {
				if (released) void s.release();
				else sentinel = s;
			})
			.catch(() => undefined);
	};
	// The browser drops the lock when the page is hidden; take it again on return.
	document.addEventListener('visibilitychange', request);
	request();
	return () => {
		released = true;
		document.removeEventListener('visibilitychange', request);
		void sentinel?.release().catch(() => undefined);
		sentinel = null;
	};
}
