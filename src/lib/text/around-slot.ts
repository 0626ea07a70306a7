/** A character no message holds: it marks where a placeholder's own markup goes. */
const SLOT = '\u2063';

/**
 * The text before and after one placeholder of a translated message, so that a component can
 * put markup there (`{before}<strong>{name}</strong>{after}`) wherever the language places it.
 * `render` gets the marker to pass as that placeholder's value.
 */
export function aroundSlot(render: (slot: string) => string): { before: string; after: string } {
	const text = render(SLOT);
	const at = text.indexOf(SLOT);
	if (at < 0) return { before: text, after: '' };
	return { before: text.slice(0, at), after: text.slice(at + SLOT.length) };
}
