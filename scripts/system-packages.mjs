// CI's first step: Chromium, Firefox ESR, coturn, redis-server, nftables and ffmpeg from Debian, in one apt run,
// where missing.
import { installSystemPackages } from './setup-steps.mjs';

if (
	!installSystemPackages([
		'/usr/bin/chromium',
		'/usr/bin/firefox-esr',
		'/usr/bin/turnserver',
		'/usr/bin/redis-server',
		'/usr/sbin/nft',
		'/usr/bin/ffmpeg'
	])
) {
	console.error(
		'Chromium, Firefox ESR, coturn, redis-server, nftables or ffmpeg are missing, and apt-get cannot run here (root on Debian).'
	);
	process.exit(1);
}
