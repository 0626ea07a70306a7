import type { Page } from '@playwright/test';
import { fromBase64Url } from '../../../src/lib/crypto/base64url';
import { openSealed } from '../../../src/lib/crypto/open-sealed';
import { DropAssembler } from '../../../src/lib/drops/drop-assembler';
import { parsePeerMessage, type DropHeader } from '../../../src/lib/protocol/peer-messages';
import { tapped } from './channel-tap';

/** One drop as it arrived on a page's data channel: its header, its sealed chunks, any key. */
export interface ArrivedDrop {
	header: DropHeader;
	chunks: Buffer[];
	/** Every key the sender ever sent this device for it (a granted view, or a leaving sender's). */
	keys: Uint8Array[];
}

/** Every drop that reached `page`, read from the test tap (outside the app). */
export async function arrivedDrops(page: Page): Promise<ArrivedDrop[]> {
	const { frames, text } = await tapped(page);
	const drops = new Map<number, ArrivedDrop>();
	const keysById = new Map<string, Uint8Array[]>();
	for (const raw of text) {
		const m = parsePeerMessage(raw);
		if (m?.t === 'drop') drops.set(m.stream, { header: m, chunks: [], keys: [] });
		const given = m?.t === 'key' ? m : m?.t === 'view-answer' && m.granted ? m : null;
		if (given) keysById.set(given.id, [...(keysById.get(given.id) ?? []), fromBase64Url(given.key)!]);
	}
	for (const frame of frames) drops.get(frame.readUInt32BE(0))?.chunks.push(frame.subarray(4));
	for (const drop of drops.values()) drop.keys = keysById.get(drop.header.id) ?? [];
	return [...drops.values()];
}

/** Everything the page holds of a drop before any key: the sealed bytes, end to end. */
export function sealedBytes(drop: ArrivedDrop): Buffer {
	return Buffer.concat(drop.chunks);
}

/**
 * Opens a drop the way the app does, with the app's own module, trying every key that reached
 * the page for it: the photo's bytes, or null when none opens it.
 */
export async function openWithKeysSent(drop: ArrivedDrop): Promise<Uint8Array | null> {
	const assembler = DropAssembler.start(drop.header);
	if (!(assembler instanceof DropAssembler)) return null;
	for (const key of drop.keys) {
		const chunks = drop.chunks.map((c) => new Uint8Array(c));
		const plain = await openSealed(key, assembler.copy, chunks);
		if (plain) return plain;
	}
	return null;
}

/** Bits of entropy per byte (8 for bytes that look random). */
export function entropyBitsPerByte(bytes: Uint8Array): number {
	const counts = new Array<number>(256).fill(0);
	for (const b of bytes) counts[b]!++;
	let bits = 0;
	for (const n of counts) {
		if (n === 0) continue;
		const p = n / bytes.length;
		bits -= p * Math.log2(p);
	}
	return bits;
}

/**
 * Offsets of the plaintext's 16-byte runs that also occur in `held`: every run of its first
 * kilobyte (where a JPEG keeps its markers, tables and headers), then one run every 4 KB. A
 * sealed copy shares none; for random bytes the chance of any match is about n / 2^128, so the
 * check cannot fail by chance, unlike a search for a 3-byte marker (n / 2^24: a few percent for
 * a photo's ciphertext).
 */
export function plaintextRunsIn(held: Buffer, plain: Uint8Array, runBytes = 16): number[] {
	const runs = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
	const found: number[] = [];
	const look = (at: number): void => {
		if (at + runBytes <= plain.length && held.includes(runs.subarray(at, at + runBytes))) found.push(at);
	};
	for (let at = 0; at < Math.min(1024, plain.length); at++) look(at);
	for (let at = 1024; at < plain.length; at += 4096) look(at);
	return found;
}
