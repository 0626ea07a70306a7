import type { Action } from 'svelte/action';

export interface SelectChoice {
	/** The option chosen now (an option's `value`). */
	value: string;
	/** The person chose another. */
	set: (value: string) => void;
}

/**
 * A select's value kept by hand, as `use:selectChoice={{ value, set }}`: `bind:value` or a
 * `value` on a select brings Svelte's select code (about 1 KB gz) into the room page.
 */
export const selectChoice: Action<HTMLSelectElement, SelectChoice> = (node, choice) => {
	let current = choice;
	node.value = choice.value;
	const changed = () => current.set(node.value);
	node.addEventListener('change', changed);
	return {
		update(next) {
			current = next;
			node.value = next.value;
		},
		destroy: () => node.removeEventListener('change', changed)
	};
};
