// In a build of one language, a message without inputs is a constant: written into the markup
// as text, Svelte puts it in the component's static template instead of a call and an effect
// that sets a text node (about 20 bytes gz each, over a hundred of them on a room page).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK_OR_MESSAGE =
	/(<script\b[\s\S]*?<\/script\s*>|<style\b[\s\S]*?<\/style\s*>)|([A-Za-z][\w:-]*)=\{m\.(\w+)\(\)\}|\{m\.(\w+)\(\)\}/g;

/** @param {string} text */
const escapeText = (text) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');

/** @param {string} text */
const escapeAttribute = (text) => escapeText(text).replace(/"/g, '&quot;');

/**
 * `content` (a Svelte component) with each `{m.key()}` and `attr={m.key()}` of its markup
 * replaced by the message's text, for the messages in `texts`. Scripts and styles are left
 * alone, and so is every call with inputs or of a message not in `texts`.
 * @param {string} content
 * @param {ReadonlyMap<string, string>} texts
 */
export function inlineStaticMessages(content, texts) {
	return content.replace(BLOCK_OR_MESSAGE, (all, block, attribute, attributeKey, textKey) => {
		if (block) return block;
		const text = texts.get(attribute ? attributeKey : textKey);
		if (text === undefined) return all;
		return attribute ? `${attribute}="${escapeAttribute(text)}"` : escapeText(text);
	});
}

/**
 * The messages of `locale` that take no inputs, from messages/<area>/<locale>.json.
 * @param {string} root
 * @param {string} locale
 */
export function constantMessages(root, locale) {
	/** @type {Map<string, string>} */
	const texts = new Map();
	const dir = join(root, 'messages');
	for (const area of readdirSync(dir, { withFileTypes: true })) {
		if (!area.isDirectory()) continue;
		const catalog = JSON.parse(readFileSync(join(dir, area.name, `${locale}.json`), 'utf8'));
		for (const [key, value] of Object.entries(catalog))
			if (key !== '$schema' && typeof value === 'string' && !/\{\w+\}/.test(value)) texts.set(key, value);
	}
	return texts;
}

/**
 * The Svelte preprocessor for a build of `locale` (svelte.config.js, when VD_LOCALE is set).
 * @param {string} root
 * @param {string} locale
 * @returns {import('svelte/compiler').PreprocessorGroup}
 */
export function staticMessages(root, locale) {
	const texts = constantMessages(root, locale);
	return {
		name: 'vanishdrop-static-messages',
		markup: ({ content, filename }) =>
			filename?.includes('/node_modules/') ? undefined : { code: inlineStaticMessages(content, texts) }
	};
}
