import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pagePreferences, withPagePreferences } from './page-preferences';

const TEMPLATE = readFileSync(new URL('../../src/app.html', import.meta.url), 'utf8');
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta name="theme-color" data-scheme="light" media="(prefers-color-scheme: light)" content="#fff" />
<meta name="theme-color" data-scheme="dark" media="(prefers-color-scheme: dark)" content="#000" />
</head><body><div data-theme="x">data-theme</div></body></html>`;

function htmlTag(html: string): string {
	return /<html\b[^>]*>/i.exec(html)?.[0] ?? '';
}

function themeColorMedia(html: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [tag] of html.matchAll(/<meta name="theme-color"[^>]*>/g)) {
		const scheme = /data-scheme="(\w+)"/.exec(tag)?.[1] ?? '?';
		out[scheme] = /media="([^"]*)"/.exec(tag)?.[1] ?? '';
	}
	return out;
}

describe('pagePreferences', () => {
	it('reads the theme from the Cookie header', () => {
		expect(pagePreferences('vd-theme=light')).toEqual({ theme: 'light' });
		expect(pagePreferences('sid=1; vd-theme=dark')).toEqual({ theme: 'dark' });
		expect(pagePreferences(undefined)).toEqual({ theme: 'system' });
	});

	it('never takes a hostile value', () => {
		expect(pagePreferences('vd-theme="><script>alert(1)</script>')).toEqual({ theme: 'system' });
		expect(pagePreferences('vd-theme=light" onload="x')).toEqual({ theme: 'system' });
	});
});

describe('withPagePreferences', () => {
	it('puts a chosen theme on the html tag and the theme-color tags', () => {
		const light = withPagePreferences(PAGE, { theme: 'light' });
		expect(htmlTag(light)).toBe('<html data-theme="light" lang="en">');
		expect(themeColorMedia(light)).toEqual({ light: 'all', dark: 'not all' });
		const dark = withPagePreferences(PAGE, { theme: 'dark' });
		expect(htmlTag(dark)).toBe('<html data-theme="dark" lang="en">');
		expect(themeColorMedia(dark)).toEqual({ light: 'not all', dark: 'all' });
	});

	it('leaves the page as it is for system', () => {
		expect(withPagePreferences(PAGE, { theme: 'system' })).toBe(PAGE);
	});

	it('touches only the html tag and the theme-color tags', () => {
		const dark = withPagePreferences(PAGE, { theme: 'dark' });
		expect(dark.match(/data-theme/g)).toHaveLength(3);
		expect(dark).toContain('<div data-theme="x">data-theme</div>');
		expect(dark.replace(' data-theme="dark"', '').replace(/media="[^"]*"/g, '')).toBe(
			PAGE.replace(/media="[^"]*"/g, '')
		);
	});

	it('replaces a theme already on the tag rather than adding a second', () => {
		const page = `<html data-theme='dark' lang="en"><body></body></html>`;
		expect(htmlTag(withPagePreferences(page, { theme: 'light' }))).toBe(
			'<html data-theme="light" lang="en">'
		);
		expect(htmlTag(withPagePreferences(page, { theme: 'system' }))).toBe('<html lang="en">');
	});

	it("works on the app's own template", () => {
		const light = withPagePreferences(TEMPLATE, { theme: 'light' });
		expect(htmlTag(light)).toBe('<html data-theme="light" lang="en">');
		expect(themeColorMedia(light)).toEqual({ light: 'all', dark: 'not all' });
		expect(themeColorMedia(TEMPLATE)).toEqual({
			light: '(prefers-color-scheme: light)',
			dark: '(prefers-color-scheme: dark)'
		});
	});

	it('never writes a cookie value into the page', () => {
		const hostile = 'vd-theme=dark"><script>alert(1)</script>';
		const html = withPagePreferences(PAGE, pagePreferences(hostile));
		expect(html).toBe(PAGE);
		expect(html).not.toContain('<script>');
	});
});
