/**
 * How a photo is prepared in the bench worker: `baseline` is the least it could cost (decode at
 * the target size, draw, encode); the `pipeline-*` kinds run the app's own worker-side pipeline
 * (`preparePhotoBytes`) with each of its encoders, to see where the app's time goes.
 */
export type WorkerPrepareKind = 'baseline' | 'pipeline-library' | 'pipeline-single-pass';

export interface BaselineRequest {
	kind: WorkerPrepareKind;
	file: Blob;
	width: number;
	height: number;
	maxEdge: number;
	quality: number;
}

export type BaselineReply = { ok: true; bytes: ArrayBuffer } | { ok: false; message: string };
