import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The WCAG 2.0–2.2 A and AA rules, the level the app promises. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** What axe found at serious or critical impact, one line per rule with the elements it hit. */
export async function seriousViolations(page: Page): Promise<string[]> {
	// Over the page's glow (a gradient) axe can't judge contrast and leaves it "incomplete"; over the
	// plain colour under it (close to it everywhere) it can, so the check is a real one.
	const plain = await page.addStyleTag({
		content: 'body { background-image: none !important; } body::before { content: none !important; }'
	});
	const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	await plain.evaluate((el) => (el as Element).remove());
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Zero serious or critical axe violations on what `page` shows now. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
	// Soft: one run lists every screen's violations, not just the first.
	expect.soft(await seriousViolations(page), `axe on ${screen}`).toEqual([]);
}

export const MIN_TARGET_PX = 44;

/**
 * Every visible control smaller than 44 × 44 CSS px, as "what it is: width×height". A control
 * hidden inside its label (a styled file input, a checkbox) is measured as that label, which is
 * what a finger hits; a link inside a sentence is exempt, as WCAG exempts inline targets.
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
	return page.evaluate((min) => {
		const selector = 'button, a[href], input, select, textarea, summary, [role="button"]';
		const small: string[] = [];
		const seen = new Set<Element>();
		for (const el of document.querySelectorAll(selector)) {
			const own = el.getBoundingClientRect();
			const style = getComputedStyle(el);
			const inLabel = el.closest('label');
			const target = el instanceof HTMLInputElement && inLabel ? inLabel : el;
			if (seen.has(target)) continue;
			seen.add(target);
			const rect = target.getBoundingClientRect();
			const hidden = style.visibility === 'hidden' || (rect.width === 0 && rect.height === 0);
			if (hidden || (own.width === 0 && own.height === 0 && target === el)) continue;
			if (el.matches('a[href]') && el.parentElement?.matches('p, li, span')) continue;
			if (rect.width >= min - 0.5 && rect.height >= min - 0.5) continue;
			const name = target.getAttribute('data-testid') ?? target.textContent?.trim().slice(0, 30) ?? '';
			small.push(
				`${target.tagName.toLowerCase()} "${name}": ${Math.round(rect.width)}×${Math.round(rect.height)}`
			);
		}
		return small;
	}, MIN_TARGET_PX);
}

export type Scheme = 'light' | 'dark';
export type Theme = 'system' | Scheme;
export const SCHEMES: readonly Scheme[] = ['light', 'dark'];

/** The page's background in each palette (app.css `--bg`): what shows which theme is painted. */
export const PALETTE_BACKGROUND: Record<Scheme, string> = {
	light: 'rgb(243, 245, 251)',
	dark: 'rgb(11, 16, 32)'
};

/** How a test picks a theme: the home page's select, or elsewhere what it does (`data-theme`). */
export type ChooseTheme = (page: Page, theme: Theme) => Promise<void>;

export const chooseInSelect: ChooseTheme = (page, theme) =>
	page
		.getByTestId('theme')
		.selectOption(theme)
		.then(() => undefined);

export const chooseByAttribute: ChooseTheme = (page, theme) =>
	page.evaluate((t) => void (document.documentElement.dataset.theme = t), theme);

/**
 * Waits until the page shows `scheme`'s palette, and every transition it started (the drop zone
 * fades its colours) has ended: axe and screenshots would otherwise see colours half-way.
 */
export async function expectPalette(page: Page, scheme: Scheme): Promise<void> {
	await expect
		.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))
		.toBe(PALETTE_BACKGROUND[scheme]);
	await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
}

/** The ways a screen is seen: following the system's light and dark, and each theme chosen against the other. */
const THEME_CASES: readonly { theme: Theme; system: Scheme; shows: Scheme }[] = [
	{ theme: 'system', system: 'light', shows: 'light' },
	{ theme: 'system', system: 'dark', shows: 'dark' },
	{ theme: 'light', system: 'dark', shows: 'light' },
	{ theme: 'dark', system: 'light', shows: 'dark' }
];

export interface ThemeCheckOptions {
	/** How the themes are chosen: by default as the select does it (`data-theme`). */
	choose?: ChooseTheme;
	/**
	 * Whether axe runs on a chosen theme too. Its palette is the system's (so axe would say the
	 * same): only the palette is checked then, which keeps a long story inside its time limit.
	 */
	axeOnChosen?: boolean;
}

/**
 * In every theme case, the page shows the right palette; axe runs on what it shows in the light
 * and the dark palette (in every case with `axeOnChosen`). The page follows the system again after.
 */
export async function expectAccessibleInEveryTheme(
	page: Page,
	screen: string,
	{ choose = chooseByAttribute, axeOnChosen = false }: ThemeCheckOptions = {}
): Promise<void> {
	for (const { theme, system, shows } of THEME_CASES) {
		await page.emulateMedia({ colorScheme: system });
		await choose(page, theme);
		await expectPalette(page, shows);
		if (theme === 'system' || axeOnChosen)
			await expectNoSeriousViolations(page, `${screen} (${theme}, system ${system})`);
	}
	await choose(page, 'system');
	await page.emulateMedia({ colorScheme: null });
}

/** Presses Tab (at most `limit` times) until `target` has the focus; fails if it never does. */
export async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
	for (let i = 0; i < limit; i++) {
		if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${target.toString()}`);
}

/** The element that has the focus, as its data-testid (or tag name when it has none). */
export async function focused(page: Page): Promise<string> {
	return page.evaluate(() => {
		const el = document.activeElement;
		return el?.getAttribute('data-testid') ?? el?.tagName.toLowerCase() ?? 'none';
	});
}

/** The outline the focused element, or the label it hides in, shows: `style width`. */
export async function focusRing(page: Page): Promise<string> {
	return page.evaluate(() => {
		const el = document.activeElement;
		if (!el) return 'none';
		const shown = el instanceof HTMLInputElement && el.closest('label') ? el.closest('label')! : el;
		const s = getComputedStyle(shown);
		return `${s.outlineStyle} ${s.outlineWidth}`;
	});
}
