/**
 * One photo being edited: its pixels as they are now, and the edits that change them. Each edit
 * replaces or overwrites the pixels at once (no undo stack, no layers), so when it is sent there
 * is nothing but the edited picture to send.
 */
import type { PixelRect, Size } from './edit-geometry';
import { crop, redact, turnClockwise, type Pixels, type RedactStyle } from './pixel-edits';

export class PhotoEditing {
	#pixels: Pixels;

	constructor(pixels: Pixels) {
		this.#pixels = pixels;
	}

	get pixels(): Pixels {
		return this.#pixels;
	}

	get size(): Size {
		return { width: this.#pixels.width, height: this.#pixels.height };
	}

	turn(): void {
		this.#pixels = turnClockwise(this.#pixels);
	}

	cropTo(rect: PixelRect): void {
		this.#pixels = crop(this.#pixels, rect);
	}

	redact(rect: PixelRect, style: RedactStyle): void {
		redact(this.#pixels, rect, style);
	}

	/** Drops the pixels (the editor closed): the caller's copy is all that is left, if any. */
	wipe(): void {
		this.#pixels.data.fill(0);
		this.#pixels = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
	}
}
