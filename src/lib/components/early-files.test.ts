import { describe, expect, it } from 'vitest';
import { catchEarlyFiles } from './early-files';

/** An event as the browser makes it for a drag, a drop or a paste carrying `files`. */
function event(type: string, files: File[], field: 'dataTransfer' | 'clipboardData' = 'dataTransfer'): Event {
	const e = new Event(type, { cancelable: true });
	const types = files.length > 0 ? ['Files'] : ['text/plain'];
	Object.defineProperty(e, field, { value: { files, types } });
	return e;
}

describe('files that come before the room view is built', () => {
	const photo = new File([new Uint8Array(3)], 'a.jpg', { type: 'image/jpeg' });

	it('a dropped file is sent, not opened by the browser', () => {
		const target = new EventTarget();
		const sent: File[][] = [];
		let expected = 0;
		catchEarlyFiles(
			target,
			(files) => sent.push(files),
			() => expected++
		);
		const over = event('dragover', [photo]);
		target.dispatchEvent(over);
		target.dispatchEvent(event('dragover', [photo]));
		expect(over.defaultPrevented).toBe(true);
		// The drop code starts loading with the first file dragged over, once.
		expect(expected).toBe(1);
		const drop = event('drop', [photo]);
		target.dispatchEvent(drop);
		expect(drop.defaultPrevented).toBe(true);
		expect(sent).toEqual([[photo]]);
	});

	it('a pasted file is sent; pasted text and dragged text are left alone', () => {
		const target = new EventTarget();
		const sent: File[][] = [];
		catchEarlyFiles(target, (files) => sent.push(files));
		const paste = event('paste', [photo], 'clipboardData');
		target.dispatchEvent(paste);
		expect(paste.defaultPrevented).toBe(true);
		for (const e of [event('paste', [], 'clipboardData'), event('dragover', []), event('drop', [])]) {
			target.dispatchEvent(e);
			expect(e.defaultPrevented).toBe(false);
		}
		expect(sent).toEqual([[photo]]);
	});

	it('once the view is built (its listeners removed), nothing more is taken here', () => {
		const target = new EventTarget();
		const sent: File[][] = [];
		const stop = catchEarlyFiles(target, (files) => sent.push(files));
		stop();
		const drop = event('drop', [photo]);
		target.dispatchEvent(drop);
		expect(drop.defaultPrevented).toBe(false);
		expect(sent).toEqual([]);
	});
});
