// The message catalog (messages/<area>/<locale>.json, compiled by Paraglide): every language has
// every message, with the same placeholders, and every plural form its language needs.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_LOCALE, LOCALES, type Locale } from './locales';

type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };
type Message = string | Variant[];
type Catalog = Record<string, Message>;

const AREAS = readdirSync('messages', { withFileTypes: true })
	.filter((e) => e.isDirectory())
	.map((e) => e.name);

function catalog(area: string, locale: Locale): Catalog {
	const raw = JSON.parse(readFileSync(join('messages', area, `${locale}.json`), 'utf8')) as Record<
		string,
		Message
	>;
	delete raw.$schema;
	return raw;
}

/** `{name}` placeholders of a message, all variants together. */
function placeholders(message: Message): string[] {
	const texts = typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
	return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')))].sort();
}

function texts(message: Message): string[] {
	return typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
}

describe('message catalog', () => {
	it('is split in areas, with no message in two of them', () => {
		expect(AREAS.length).toBeGreaterThan(0);
		const seen = new Map<string, string>();
		for (const area of AREAS)
			for (const key of Object.keys(catalog(area, BASE_LOCALE))) {
				expect(seen.get(key), `${key} is in ${seen.get(key)} and ${area}`).toBeUndefined();
				seen.set(key, area);
			}
	});

	for (const locale of LOCALES.filter((l) => l !== BASE_LOCALE)) {
		it(`${locale} has every message, with the same placeholders`, () => {
			for (const area of AREAS) {
				const base = catalog(area, BASE_LOCALE);
				const own = catalog(area, locale);
				expect(Object.keys(own).sort(), `messages/${area}/${locale}.json`).toEqual(Object.keys(base).sort());
				for (const [key, message] of Object.entries(own)) {
					expect(placeholders(message), `${area}/${locale}: ${key}`).toEqual(placeholders(base[key]!));
					for (const text of texts(message)) expect(text.trim(), `${area}/${locale}: ${key}`).not.toBe('');
				}
			}
		});

		it(`${locale} is translated, not copied`, () => {
			let same = 0;
			let all = 0;
			for (const area of AREAS) {
				const base = catalog(area, BASE_LOCALE);
				for (const [key, message] of Object.entries(catalog(area, locale))) {
					all += 1;
					if (JSON.stringify(message) === JSON.stringify(base[key])) same += 1;
				}
			}
			// Names like "VanishDrop" or "QR" stay as they are; nearly everything else differs.
			expect(same / Math.max(all, 1)).toBeLessThan(0.05);
		});
	}

	for (const locale of LOCALES) {
		it(`${locale} has every plural form its language has`, () => {
			const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
			for (const area of AREAS)
				for (const [key, message] of Object.entries(catalog(area, locale))) {
					if (typeof message === 'string') continue;
					for (const variant of message) {
						const plural = (variant.declarations ?? [])
							.map((d) => /^local (\w+) = \w+: plural$/.exec(d)?.[1])
							.find((name) => name !== undefined);
						if (!plural) continue;
						const covered = Object.keys(variant.match)
							.filter((k) => k.startsWith(`${plural}=`))
							.map((k) => k.slice(plural.length + 1));
						if (covered.includes('*')) continue;
						for (const category of categories)
							expect(covered, `${area}/${locale}: ${key}`).toContain(category);
					}
				}
		});
	}

	it('Arabic is written in Arabic', () => {
		for (const area of AREAS)
			for (const [key, message] of Object.entries(catalog(area, 'ar')))
				for (const text of texts(message))
					if (/[A-Za-z]{4,}/.test(text.replace(/\{\w+\}|VanishDrop|WebRTC|TURN|HEIC|QR|Wi-Fi/g, '')))
						expect(/[\u0600-\u06FF]/.test(text), `ar: ${key}`).toBe(true);
	});
});
