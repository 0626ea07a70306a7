import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

/**
 * What headless Debian Chromium needs in a closed network namespace, and nothing that changes
 * how the app behaves: WebRTC keeps its defaults, so host candidates are mDNS `<uuid>.local`
 * names, as real users' browsers send them (inside netns-exec they resolve, and two devices
 * connect in about half a second). No test needs raw-IP host candidates
 * (`--disable-features=WebRtcHideLocalIpsWithMdns`); one that truly must read a peer's address
 * would pass that flag through its own `args` and say why.
 */
export const CHROMIUM_ARGS: readonly string[] = [
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH, else Debian's Chromium where installed, else Playwright's own browser. */
export function chromiumExecutable(): string | undefined {
	return process.env.CHROMIUM_PATH || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
}

export interface ChromiumOptions {
	/** Arguments after `CHROMIUM_ARGS`. */
	args?: readonly string[];
	/** How long the launch may take, in ms; Playwright's default when not given. */
	timeout?: number;
	/** Another Chromium than `chromiumExecutable()` (one that runs in another namespace). */
	executablePath?: string;
}

/** One Chromium process: one device, as on a machine of its own. */
export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
	return chromium.launch({
		executablePath: options.executablePath ?? chromiumExecutable(),
		args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
		timeout: options.timeout
	});
}
