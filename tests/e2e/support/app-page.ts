import { expect } from '@playwright/test';
import type { ElementHandle, Page as PuppeteerPage } from 'puppeteer-core';
import config from '../../../playwright.config';
import type { Device } from './fixtures';

export type BrowserName = 'chromium' | 'firefox';

/**
 * One device's page, driven the same way whichever browser it is: Chromium through Playwright,
 * Firefox ESR through puppeteer-core over WebDriver BiDi. Elements are CSS selectors; every
 * `expect…` retries until it holds or the expect timeout passes, as Playwright's assertions do.
 */
export interface AppPage {
	readonly browserName: BrowserName;
	/** The origin relative paths resolve against. */
	readonly origin: string;
	/** Console errors, uncaught page errors and CSP violations seen so far, on every document. */
	readonly problems: string[];
	goto(pathOrUrl: string): Promise<void>;
	reload(): Promise<void>;
	click(selector: string): Promise<void>;
	setInputFiles(selector: string, file: string): Promise<void>;
	expectAttribute(selector: string, name: string, value: string | RegExp): Promise<void>;
	expectCount(selector: string, count: number): Promise<void>;
	expectVisible(selector: string): Promise<void>;
	/** Waits until some element matching `selector` has text matching `text`. */
	expectText(selector: string, text: string | RegExp): Promise<void>;
	expectValue(selector: string, value: RegExp): Promise<void>;
	textOf(selector: string): Promise<string>;
	valueOf(selector: string): Promise<string>;
	evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** `[data-testid="id"]` with attributes: `testId('peer', { 'data-peer-state': 'ready' })`. */
export function testId(id: string, attributes: Record<string, string> = {}): string {
	return [`[data-testid="${id}"]`, ...Object.entries(attributes).map(([k, v]) => `[${k}="${v}"]`)].join('');
}

/**
 * Reports every CSP violation as a console error, so the one console collector of each driver
 * also sees the violations a browser does not log itself. Runs before the app on each document.
 */
function reportViolations(): void {
	document.addEventListener('securitypolicyviolation', (e) =>
		console.error(`securitypolicyviolation ${e.violatedDirective} ${e.blockedURI}`)
	);
}

/** A Chromium device of the shared `openDevice` fixture. */
export async function chromiumAppPage(device: Device, origin: string): Promise<AppPage> {
	const { page } = device;
	await page.addInitScript(reportViolations);
	const one = (selector: string) => page.locator(selector);
	return {
		browserName: 'chromium',
		origin,
		problems: device.consoleErrors,
		goto: async (url) => void (await page.goto(new URL(url, origin).href)),
		reload: async () => void (await page.reload()),
		click: (selector) => one(selector).click(),
		setInputFiles: (selector, file) => one(selector).setInputFiles(file),
		expectAttribute: (selector, name, value) => expect(one(selector)).toHaveAttribute(name, value),
		expectCount: (selector, count) => expect(page.locator(selector)).toHaveCount(count),
		expectVisible: (selector) => expect(one(selector)).toBeVisible(),
		expectText: (selector, text) =>
			expect(page.locator(selector).filter({ hasText: text })).not.toHaveCount(0),
		expectValue: (selector, value) => expect(one(selector)).toHaveValue(value),
		textOf: async (selector) => (await one(selector).textContent()) ?? '',
		valueOf: (selector) => one(selector).inputValue(),
		evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
			page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown)
	};
}

/** How long an `expect…` of a Firefox page retries: the suite's expect timeout. */
function expectTimeout(): number {
	return config.expect?.timeout ?? 5_000;
}

/** The state of the first element matching `selector`, read in the page. */
function inspect(selector: string, attribute: string | null) {
	const all = [...document.querySelectorAll(selector)];
	const el = all[0];
	const box = el?.getBoundingClientRect();
	return {
		count: all.length,
		attribute: el && attribute ? el.getAttribute(attribute) : null,
		texts: all.map((e) => e.textContent ?? ''),
		visible: !!el && !!box && box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === 'visible'
	};
}

/** A Firefox page (one Firefox process per device). */
export async function firefoxAppPage(page: PuppeteerPage, origin: string): Promise<AppPage> {
	const problems: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(m.text());
		if (process.env.E2E_DEBUG) console.log('[firefox]', m.type(), m.text());
	});
	page.on('pageerror', (e) => problems.push(String(e)));
	await page.evaluateOnNewDocument(reportViolations);
	page.setDefaultTimeout(expectTimeout());
	const poll = <T>(selector: string, read: (s: ReturnType<typeof inspect>) => T, what: string) =>
		expect.poll(async () => read(await page.evaluate(inspect, selector, null)), {
			message: `${selector}: ${what}`,
			timeout: expectTimeout()
		});
	return {
		browserName: 'firefox',
		origin,
		problems,
		goto: async (url) => void (await page.goto(new URL(url, origin).href)),
		reload: async () => void (await page.reload()),
		click: (selector) => page.locator(selector).click(),
		setInputFiles: async (selector, file) => {
			const input = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement>;
			await input.uploadFile(file);
		},
		expectAttribute: async (selector, name, value) => {
			const read = () => page.evaluate(inspect, selector, name).then((s) => s.attribute);
			const message = `${selector}: attribute ${name}`;
			const timeout = expectTimeout();
			if (typeof value === 'string') await expect.poll(read, { message, timeout }).toBe(value);
			else await expect.poll(read, { message, timeout }).toMatch(value);
		},
		expectCount: (selector, count) => poll(selector, (s) => s.count, 'count').toBe(count),
		expectVisible: (selector) => poll(selector, (s) => s.visible, 'visible').toBe(true),
		expectText: (selector, text) =>
			poll(
				selector,
				(s) => s.texts.some((t) => (typeof text === 'string' ? t.includes(text) : text.test(t))),
				`text ${text}`
			).toBe(true),
		expectValue: (selector, value) =>
			expect
				.poll(
					() => page.evaluate((s) => document.querySelector<HTMLInputElement>(s)?.value ?? null, selector),
					{
						message: `${selector}: value`,
						timeout: expectTimeout()
					}
				)
				.toMatch(value),
		textOf: (selector) => page.$eval(selector, (e) => e.textContent ?? ''),
		valueOf: (selector) => page.$eval(selector, (e) => (e as HTMLInputElement).value),
		evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
			page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>
	};
}
