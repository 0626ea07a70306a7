import { describe, expect, it } from 'vitest';
import { chooseTheme, shownTheme } from './theme-choice';

function fakeDocument(theme?: string): Document {
	const dataset: Record<string, string> = theme ? { theme } : {};
	return { documentElement: { dataset }, cookie: '' } as unknown as Document;
}

describe('theme choice', () => {
	it('shows the theme the server painted, system when it set none', () => {
		expect(shownTheme(fakeDocument('light'))).toBe('light');
		expect(shownTheme(fakeDocument('dark'))).toBe('dark');
		expect(shownTheme(fakeDocument())).toBe('system');
	});

	it('applies a choice at once and keeps it in a session cookie', () => {
		const doc = fakeDocument();
		chooseTheme('dark', doc);
		expect(doc.documentElement.dataset.theme).toBe('dark');
		expect(doc.cookie).toBe('vd-theme=dark; SameSite=Strict; Path=/');
		chooseTheme('system', doc);
		expect(shownTheme(doc)).toBe('system');
		expect(doc.cookie).toBe('vd-theme=system; SameSite=Strict; Path=/');
	});
});
