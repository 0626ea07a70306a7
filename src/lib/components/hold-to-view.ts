/** What a viewer's shown element needs of its drop: hold-to-view's press and release. */
export interface HoldTarget {
	press(): void;
	release(): void;
}

export interface HoldToViewOptions {
	drop: HoldTarget;
	/** Keep the press from starting a selection or a scroll (a picture; not a text to select). */
	preventDefault?: boolean;
}

/**
 * The wiring every viewer gives the element it shows: a press starts a hold-to-view, letting go
 * (or the pointer leaving, or the browser taking it) ends it, and neither the context menu nor a
 * drag offers to save what is shown. Returns the unwiring, for an `$effect` to return. (A plain
 * function rather than a Svelte action: the action runtime would land in the chunk the home page
 * shares, over its weight budget.)
 */
export function holdToView(
	node: HTMLElement,
	{ drop, preventDefault = false }: HoldToViewOptions
): () => void {
	const press = (e: PointerEvent) => {
		if (preventDefault) e.preventDefault();
		drop.press();
	};
	const release = () => drop.release();
	const refuse = (e: Event) => e.preventDefault();
	const releases = ['pointerup', 'pointercancel', 'pointerleave'] as const;
	node.addEventListener('pointerdown', press);
	for (const type of releases) node.addEventListener(type, release);
	node.addEventListener('contextmenu', refuse);
	node.addEventListener('dragstart', refuse);
	return () => {
		node.removeEventListener('pointerdown', press);
		for (const type of releases) node.removeEventListener(type, release);
		node.removeEventListener('contextmenu', refuse);
		node.removeEventListener('dragstart', refuse);
	};
}
