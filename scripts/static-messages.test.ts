import { describe, expect, it } from 'vitest';
import { constantMessages, inlineStaticMessages } from './static-messages.js';

const texts = new Map([
	['title', 'Send a <photo> & {go}'],
	['label', 'Say "hi"']
]);

describe('inlineStaticMessages', () => {
	it('writes constant messages into the markup, text and attributes, escaped for Svelte', () => {
		expect(inlineStaticMessages('<h1>{m.title()}</h1>', texts)).toBe(
			'<h1>Send a &lt;photo> &amp; &#123;go&#125;</h1>'
		);
		expect(inlineStaticMessages('<button aria-label={m.label()}>x</button>', texts)).toBe(
			'<button aria-label="Say &quot;hi&quot;">x</button>'
		);
		expect(inlineStaticMessages('<Form label={m.label()} />', texts)).toBe(
			'<Form label="Say &quot;hi&quot;" />'
		);
	});

	it('leaves scripts, styles, calls with inputs and other messages alone', () => {
		const script = '<script lang="ts">\n\tconst t = {m.title()};\n\tconst u = m.label();\n</script>';
		const style = '<style>\n\t.a{m.title()} {}\n</style>';
		expect(inlineStaticMessages(script, texts)).toBe(script);
		expect(inlineStaticMessages(style, texts)).toBe(style);
		expect(
			inlineStaticMessages('<p>{m.title({ n: 1 })} {m.other()} {cond ? m.title() : m.label()}</p>', texts)
		).toBe('<p>{m.title({ n: 1 })} {m.other()} {cond ? m.title() : m.label()}</p>');
	});
});

describe('constantMessages', () => {
	it('has the messages of a language that take no inputs', () => {
		const german = constantMessages(process.cwd(), 'de');
		expect(german.get('home_hero_title')).toBe('Schick ein Foto, das verschwindet.');
		for (const text of german.values()) expect(text).not.toMatch(/\{\w+\}/);
		expect(german.size).toBeGreaterThan(100);
	});
});
