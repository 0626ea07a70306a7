import { describe, expect, it } from 'vitest';
import { viewToTransfer } from './view-to-transfer';

describe('viewToTransfer', () => {
	it('hands back bytes that fill their buffer as they are', () => {
		const bytes = new Uint8Array([1, 2, 3]);
		expect(viewToTransfer(bytes)).toBe(bytes);
	});

	it('keeps a view with a little buffer around it, zeroing all of that', () => {
		const all = new Uint8Array(4 << 20).fill(7);
		const bytes = all.subarray(1000, (4 << 20) - 50_000);
		const out = viewToTransfer(bytes);
		expect(out).toBe(bytes);
		expect(all.subarray(0, 1000).every((b) => b === 0)).toBe(true);
		expect(all.subarray((4 << 20) - 50_000).every((b) => b === 0)).toBe(true);
		expect(out.every((b) => b === 7)).toBe(true);
	});

	it('copies a view whose buffer is mostly something else, and zeroes that buffer', () => {
		// A photo of 1 MB in the 12 MB buffer of a motion photo whose video the strip dropped.
		const all = new Uint8Array(12 << 20).fill(7);
		const bytes = all.subarray(100, 100 + (1 << 20));
		const out = viewToTransfer(bytes);
		expect(out.buffer).not.toBe(all.buffer);
		expect(out.byteOffset).toBe(0);
		expect(out.buffer.byteLength).toBe(1 << 20);
		expect(out.every((b) => b === 7)).toBe(true);
		expect(all.every((b) => b === 0)).toBe(true);
	});
});
