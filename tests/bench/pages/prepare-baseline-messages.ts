export interface BaselineRequest {
	file: Blob;
	width: number;
	height: number;
	quality: number;
}

export type BaselineReply = { ok: true; bytes: ArrayBuffer } | { ok: false; message: string };
