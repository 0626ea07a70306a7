export interface PixelSample {
	width: number;
	height: number;
	/** RGBA, `grid` x `grid`. */
	pixels: number[];
}

/**
 * Runs in the page (pass it to `evaluate`): each picture drawn into a `grid` × `grid` canvas and
 * read back, with the picture's own size. With no `jpegs`, the one picture is the viewer's canvas;
 * otherwise each JPEG (base64) as this browser decodes it.
 */
export async function samplePictures({
	grid,
	jpegs
}: {
	grid: number;
	jpegs: string[];
}): Promise<PixelSample[]> {
	const sample = (picture: HTMLCanvasElement | ImageBitmap): PixelSample => {
		const small = document.createElement('canvas');
		small.width = grid;
		small.height = grid;
		const ctx = small.getContext('2d')!;
		ctx.drawImage(picture, 0, 0, grid, grid);
		return {
			width: picture.width,
			height: picture.height,
			pixels: [...ctx.getImageData(0, 0, grid, grid).data]
		};
	};
	if (jpegs.length === 0) {
		return [sample(document.querySelector<HTMLCanvasElement>('[data-testid="viewer"] canvas')!)];
	}
	const decode = (b64: string) =>
		createImageBitmap(
			new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type: 'image/jpeg' })
		);
	return (await Promise.all(jpegs.map(decode))).map(sample);
}
