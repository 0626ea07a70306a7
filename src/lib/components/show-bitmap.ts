/**
 * Puts a decoded picture on a canvas and returns what wipes it. Where the browser has a
 * `bitmaprenderer` context, the bitmap is handed to the canvas (its pixels move, nothing is
 * drawn on the main thread, and the move leaves the bitmap empty); elsewhere it is
 * drawn with a 2d context. Found by asking the canvas for the context, never by the browser's name.
 */
export function showBitmap(canvas: HTMLCanvasElement, bitmap: ImageBitmap): () => void {
	sizeCanvas(canvas, bitmap);
	const renderer = canvas.getContext('bitmaprenderer');
	if (renderer) {
		renderer.transferFromImageBitmap(bitmap);
		return () => {
			// A detached canvas may live on a while: let go of the pixels, not just the element.
			renderer.transferFromImageBitmap(null);
			canvas.width = 0;
			canvas.height = 0;
		};
	}
	const ctx = canvas.getContext('2d');
	ctx?.drawImage(bitmap, 0, 0);
	return () => {
		ctx?.clearRect(0, 0, canvas.width, canvas.height);
		canvas.width = 0;
		canvas.height = 0;
	};
}

/** Gives the canvas a picture's size, which lays it out (no pixels are allocated before a draw). */
export function sizeCanvas(canvas: HTMLCanvasElement, size: { width: number; height: number }): void {
	if (canvas.width !== size.width) canvas.width = size.width;
	if (canvas.height !== size.height) canvas.height = size.height;
}
