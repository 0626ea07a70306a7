/**
 * Files dragged onto or pasted into a room page before its view is built (RoomView builds it once
 * the first steps of connecting are out, or after 150 ms; DropZone's own listeners come with it).
 * Without these a file dropped then would be opened by the browser in place of the room. The
 * files are handed to `send`, as DropZone would, and `expect` is told of the first file dragged
 * over (the drop code loads meanwhile); anything that is not files is left alone. Returns what
 * removes the listeners.
 */
export function catchEarlyFiles(
	target: EventTarget,
	send: (files: File[]) => void,
	expect: () => void = () => undefined
): () => void {
	let expected = false;
	const onDragOver = (e: Event) => {
		if (!(e as DragEvent).dataTransfer?.types.includes('Files')) return;
		e.preventDefault();
		if (!expected) expect();
		expected = true;
	};
	const onDrop = (e: Event) => {
		const files = [...((e as DragEvent).dataTransfer?.files ?? [])];
		if (files.length === 0) return;
		e.preventDefault();
		send(files);
	};
	const onPaste = (e: Event) => {
		const files = [...((e as ClipboardEvent).clipboardData?.files ?? [])];
		if (files.length === 0) return;
		e.preventDefault();
		send(files);
	};
	target.addEventListener('dragover', onDragOver);
	target.addEventListener('drop', onDrop);
	target.addEventListener('paste', onPaste);
	return () => {
		target.removeEventListener('dragover', onDragOver);
		target.removeEventListener('drop', onDrop);
		target.removeEventListener('paste', onPaste);
	};
}
