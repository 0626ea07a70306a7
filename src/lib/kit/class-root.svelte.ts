import { flushSync, hydrate, mount, type Component } from 'svelte';

/** What SvelteKit's client passes when it creates its root (`new app.root(options)`). */
export interface KitRootOptions {
	target: Document | Element | ShadowRoot;
	props?: Record<string, unknown>;
	hydrate?: boolean;
	transformError?: (error: unknown) => unknown;
}

/** One prop's value; each `set` is a new box, so that setting the same object again still updates. */
function propCell(value: unknown): { get: () => unknown; set: (next: unknown) => void } {
	let box = $state.raw({ value });
	return { get: () => box.value, set: (next) => (box = { value: next }) };
}

/**
 * SvelteKit's root component in the class shape its client uses (`new Root(options)`, then
 * `$set(props)`), without Svelte's whole legacy class wrapper (`svelte/legacy`, 0.85 KB gz on
 * every page). As that wrapper does, each prop is its own signal, and the first render is flushed
 * before the constructor returns. The build puts it in place of the wrapper
 * (scripts/vite-plugins.ts, kitRootWithoutLegacy).
 */
export function classRoot(component: Component<Record<string, unknown>>) {
	return class KitRoot {
		// Each cell is a signal of its own: the map and the set change only alongside one.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		readonly #cells = new Map<PropertyKey, ReturnType<typeof propCell>>();
		/** The props given so far (a prop read before it is given has a cell, not a value). */
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		readonly #given = new Set<PropertyKey>();

		constructor(options: KitRootOptions) {
			this.$set(options.props ?? {});
			// A prop read before it is given is watched too, as Svelte's wrapper does.
			const cell = (key: PropertyKey) => this.#cells.get(key) ?? this.#add(key, undefined);
			const props = new Proxy({} as Record<string, unknown>, {
				get: (_, key) => cell(key).get(),
				has: (_, key) => (cell(key).get(), this.#given.has(key))
			});
			(options.hydrate ? hydrate : mount)(component, {
				target: options.target,
				props,
				intro: false,
				transformError: options.transformError
			});
			flushSync();
		}

		#add(key: PropertyKey, value: unknown): ReturnType<typeof propCell> {
			const cell = propCell(value);
			this.#cells.set(key, cell);
			return cell;
		}

		$set(next: Record<string, unknown>): void {
			for (const [key, value] of Object.entries(next)) {
				this.#given.add(key);
				const cell = this.#cells.get(key);
				if (cell) cell.set(value);
				else this.#add(key, value);
			}
		}
	};
}
