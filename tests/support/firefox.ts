import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's Firefox ESR. Playwright cannot drive it; puppeteer-core can, over WebDriver BiDi. */
export const DEBIAN_FIREFOX = '/usr/bin/firefox-esr';

/**
 * What Firefox needs in a closed network, on top of the preferences puppeteer already sets for
 * automation (no updates, no safe browsing, no data reporting, remote settings pointed at a
 * `data:` URL). Like `CHROMIUM_ARGS`, nothing here changes how the app behaves.
 */
export const FIREFOX_PREFS: Readonly<Record<string, unknown>> = {
	// Host candidates as plain addresses, Firefox's counterpart of Chromium's mDNS names: its
	// `<uuid>.local` names would need an mDNS responder that answers across browsers.
	'media.peerconnection.ice.obfuscate_host_addresses': false,
	// Every host name resolves to loopback without a DNS query; a name that is not ours meets a
	// closed port (or the network sentinel in the tests), never the network.
	'network.dns.forceResolve': '127.0.0.1',
	'network.trr.mode': 5,
	'network.dns.disablePrefetch': true,
	'network.prefetch-next': false,
	// Connectivity probes.
	'network.captive-portal-service.enabled': false,
	'network.connectivity-service.enabled': false,
	'captivedetect.canonicalURL': '',
	// Telemetry, studies, experiments, pings.
	'toolkit.telemetry.enabled': false,
	'toolkit.telemetry.unified': false,
	'toolkit.telemetry.archive.enabled': false,
	'toolkit.telemetry.server': '',
	'datareporting.usage.uploadEnabled': false,
	'app.normandy.enabled': false,
	'app.shield.optoutstudies.enabled': false,
	// Updates of the browser, its system add-ons, block lists and media plugins (OpenH264).
	'app.update.auto': false,
	'extensions.systemAddon.update.enabled': false,
	'extensions.blocklist.enabled': false,
	'media.gmp-gmpopenh264.enabled': false,
	'media.gmp-widevinecdm.enabled': false,
	// Certificate revocation and preloads fetched in the background.
	'security.OCSP.enabled': 0,
	'security.remote_settings.crlite_filters.enabled': false,
	'security.remote_settings.intermediates.enabled': false,
	// Region, geolocation, push, accounts.
	'browser.region.update.enabled': false,
	'browser.region.network.url': '',
	'geo.provider.network.url': '',
	'dom.push.connection.enabled': false,
	'identity.fxaccounts.enabled': false,
	// A plain-http page stays plain http, as a LAN address (`http://192.168.x.y`) does, which
	// HTTPS-First leaves alone: the tests stand in for one with a name (`lan.test`).
	'dom.security.https_first': false,
	'dom.security.https_first_schemeless': false
};

/**
 * Firefox's own switch for test runs: it refuses every connection to a non-local address, and
 * only then honours puppeteer's `data:` remote settings server (a release build otherwise keeps
 * polling `firefox.settings.services.mozilla.com`).
 */
export const FIREFOX_ENV: Readonly<Record<string, string>> = { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' };

/** FIREFOX_PATH, else Debian's Firefox ESR. */
export function firefoxExecutable(): string {
	return process.env.FIREFOX_PATH || DEBIAN_FIREFOX;
}

export interface FirefoxOptions {
	/** Preferences beyond (or instead of) `FIREFOX_PREFS`. */
	prefs?: Readonly<Record<string, unknown>>;
}

/** One Firefox process: one device, as on a machine of its own (a background tab is hidden). */
export function launchFirefox(options: FirefoxOptions = {}): Promise<Browser> {
	const executablePath = firefoxExecutable();
	if (!existsSync(executablePath)) {
		throw new Error(`No Firefox at ${executablePath}: install firefox-esr (npm test does, as root).`);
	}
	return puppeteer.launch({
		browser: 'firefox',
		executablePath,
		headless: true,
		extraPrefsFirefox: { ...FIREFOX_PREFS, ...options.prefs },
		env: { ...process.env, ...FIREFOX_ENV }
	});
}

/** A page lent by a `FirefoxPool`, for one device of one test. */
export interface LentPage {
	page: Page;
	/** Closes the page's user context and hands its Firefox back to the pool. */
	giveBack(): Promise<void>;
}

/**
 * Firefox processes lent to one device at a time, each time in a fresh user context (cookies,
 * storage, caches and service workers of its own), so that a test does not wait for a Firefox
 * to start for each of its devices: a launch took 13 to 17 s on this machine under load, a fresh
 * context about 1 s. The device's page is the selected tab of its process's window, so it stays
 * visible.
 */
export class FirefoxPool {
	readonly #idle: Browser[] = [];
	readonly #all = new Set<Browser>();

	async lend(): Promise<LentPage> {
		let browser = this.#idle.pop();
		while (browser && !browser.connected) browser = this.#idle.pop();
		if (!browser) {
			browser = await launchFirefox();
			this.#all.add(browser);
		}
		const context = await browser.createBrowserContext();
		const page = await context.newPage();
		const lent = browser;
		return {
			page,
			giveBack: async () => {
				try {
					await context.close();
					this.#idle.push(lent);
				} catch {
					this.#all.delete(lent);
					await lent.close().catch(() => undefined);
				}
			}
		};
	}

	/** Closes every Firefox of the pool; it launches new ones if lent to again. */
	async close(): Promise<void> {
		const all = [...this.#all];
		this.#all.clear();
		this.#idle.length = 0;
		await Promise.all(all.map((b) => b.close()));
	}
}
