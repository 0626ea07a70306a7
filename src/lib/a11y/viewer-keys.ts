/** What the keyboard does to a view on screen. */
export interface KeyedView {
	readonly hold: boolean;
	press(): void;
	release(): void;
	close(): void;
}

function isSpace(e: KeyboardEvent): boolean {
	return e.key === ' ' || e.code === 'Space';
}

/**
 * The keyboard's side of a viewer, attached to the element around it: focus moves there when the
 * view opens; Space held on it is hold-to-view's press (as a finger on the picture); Escape
 * closes the view. When the view ends, focus goes back to its card, unless the person has moved
 * it somewhere else meanwhile.
 */
export function viewerKeys(view: KeyedView) {
	return (frame: HTMLElement) => {
		const card = frame.closest<HTMLElement>('[data-testid="drop"]');
		const onKeyDown = (e: KeyboardEvent) => {
			if (e.key === 'Escape') {
				e.preventDefault();
				view.close();
			} else if (isSpace(e) && e.target === frame && view.hold) {
				e.preventDefault();
				if (!e.repeat) view.press();
			}
		};
		const onKeyUp = (e: KeyboardEvent) => {
			if (isSpace(e) && e.target === frame && view.hold) view.release();
		};
		frame.addEventListener('keydown', onKeyDown);
		frame.addEventListener('keyup', onKeyUp);
		frame.focus();
		return () => {
			frame.removeEventListener('keydown', onKeyDown);
			frame.removeEventListener('keyup', onKeyUp);
			const hadFocus = frame.contains(document.activeElement);
			queueMicrotask(() => {
				const now = document.activeElement;
				if (hadFocus || now === null || now === document.body) card?.focus();
			});
		};
	};
}
