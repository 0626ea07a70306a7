// CI's first step: Chromium, Firefox ESR, coturn and redis-server from Debian, in one apt run,
// where missing.
import { installSystemPackages } from './setup-steps.mjs';

if (
	!installSystemPackages([
		'/usr/bin/chromium',
		'/usr/bin/firefox-esr',
		'/usr/bin/turnserver',
		'/usr/bin/redis-server'
	])
) {
	console.error(
		'Chromium, Firefox ESR, coturn and redis-server are missing, and apt-get cannot run here (root on Debian).'
	);
	process.exit(1);
}
