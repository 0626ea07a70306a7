import { describe, expect, it } from 'vitest';
import { checkJpegIntegrity } from './jpeg-integrity';
import { walkJpeg } from './jpeg-segments';
import { concatBytes, fixtureBytes } from '../../../tests/support/fixtures';

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
	return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** 48x40, 4:2:0, a restart marker every 2 MCUs (cjpeg -restart 2B). */
const RESTART_BASELINE = fromBase64(
	'/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAoADADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/90ABAAC/9oADAMBAAIRAxEAPwD5vgsOnFaMGn9OK3Lew6cVp2+n9OK8z2/OZYPMPMwYNO/2a0YNN/2a6G307pxWnb6b0+Wmoc59Xg8y8z//0PM4NM/2a0YNM/2a6a30zp8tadvpnT5a8/6jz9D9RweZ+ZxdtYdOK1rbT+nFa9rYdOK2LXT+nFeFhK/OfzjhMw8z/9Gpbad04rWttN6cVuWundOK2bXTeny1jhIc54+EzLzMC10zp8takWnpGu6TCr71ryQiDCIoaT0PQfWiHT3lfdJlj6muXMuIaGAm6FCPPUW/Zevd+S+9H1mAxjlZt2R//9Ll7T4q+HuP9B1X/v1H/wDF1t2nxV8Pcf6Dq3/fqP8A+Loop5Xw9g3a6f3njYbhjA9n95t2nxU8Pcf6Dqv/AH6j/wDi6vS/F7w9AoRLHVfNYcfuY+B6/foor6PNsow+Cy6VShdSbSvfa/bzPpsv4XwEppNP7z//09y0+KXh7j/QdV/79R//ABdbdp8UfD3H+g6t/wB+o/8A4uiisMr4Wy92un959/huGcD2f3n/2Q=='
);
/** 48x40, progressive, a restart marker every MCU (cjpeg -progressive -restart 1B). */
const RESTART_PROGRESSIVE = fromBase64(
	'/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wgARCAAoADADASIAAhEBAxEB/8QAGQABAQEBAQEAAAAAAAAAAAAABAAFAwYH/8QAGQEAAgMBAAAAAAAAAAAAAAAABAUAAgMG/90ABAAB/9oADAMBAAIQAxAAAAH5uhyhaf/Q8QjRSMz/AP/R8yjTUP1H/9LEWtihB//T4rc2gf8A/9TQUyHK/9XLbUC//9bv3plt/9dzazf/AP/EABoQAAMBAQEBAAAAAAAAAAAAAAACAwEEBRH/2gAIAQEAAQUCxD//0Mmf/9HJn//SyZ//08mf/9TJn//VVD//1lmf/9dZn//QWZ//0Vmf/9JZn//TVD//1Fmf/9VZn//WWZ//11mf/9DJ/D//0VQ//9JZn//TWZ//1Fmf/9Xc+H//1sn9P//XX1ec/9BfV5z/0V9XnP/S31+fD//TX1Oc/9RfU5z/xAAZEQADAQEBAAAAAAAAAAAAAAAAAwQFARH/2gAIAQMBAT8BTQf/0E0n/9FNJ//SVQf/01Un/9RDvT//1V5iD//Wny0d6f/XXmIP/8QAHREAAQQDAQEAAAAAAAAAAAAAAAIDBBEBBRITMf/aAAgBAgEBPwHuz//Qqz//0fCz/9Jpdn//02sWf//Uk7BDGeEYtR//1YuvZP/WlxG2Y+VI+n//14urjn//xAAcEAEAAgMAAwAAAAAAAAAAAAAAAQMhMpERYXH/2gAIAQEABj8Cf//Qf//Rf//Sf//Tf//Uf//Vf//Wf//Xf//Qf//Rf//Sf//Tf//Uf//Vf//Wf//Xf//Qy//Rf//Sf//Tf//Uf//V9v/Wy//X0t5D/9DS3kP/0dLeQ//S0t8/If/T0t5D/9TS3kP/xAAbEAEAAgMBAQAAAAAAAAAAAAAAAWERsfAhMf/aAAgBAQABPyF//9Bf/9Gp/9Kt/9Ot/9St/9U//9Yf/9cf/9Cl/9Gl/9Kl/9M//9Qf/9Uf/9Y//9et/9CCGfEP/9F//9Jf/9Nf/9St/9X44jJ//9aaWfT/1+kbf//Q6Zt//9HpG3//0oXEZnX1/9PtG3//1Ombf//aAAwDAQACAAMAAAAQb//QU//RZ//SP//T4//Uw//Vf//WB//Xf//EABkRAAIDAQAAAAAAAAAAAAAAAAABEWGRUf/aAAgBAwEBPxCw/9Cw/9G0/9K4/9O4/9R0G3CP/9Xmen//1kVNPT//1+R6f//EABsRAAMAAwEBAAAAAAAAAAAAAAABEVFhkTFx/9oACAECAQE/ED//0Ef/0dJ//9I//9M//9RvmvcL7l6XUf/ValT6f//WqymaVvlxs//XalT6f//EABwQAAMBAAIDAAAAAAAAAAAAAAAhMQERUUFhcf/aAAgBAQABPxCaP//Qkj//0Tf/0if/0zf/1Df/1Yo//9aCP//Xij//0ID/0Yj/0oj/05o//9SSP//Vmj//1pI//9eI/9BUPYf/0Yo//9KCP//Tij//1ID/1cOObo2Z9P/WZzXen//XXG//0Fwv/9FUb//Sy3Gy8Gdn/9NUb//UXC//2Q=='
);

/** Offsets of the RSTn markers in the first scan holding at least `min` of them. */
function restartOffsets(jpeg: Uint8Array, min: number): number[] {
	for (const part of walkJpeg(jpeg)) {
		if (part.kind !== 'scan-data' || part.restarts < min) continue;
		const offsets: number[] = [];
		for (let i = part.start; i < part.end - 1; i++) {
			const next = jpeg[i + 1] ?? 0;
			if (jpeg[i] === 0xff && next >= 0xd0 && next <= 0xd7) offsets.push(i);
		}
		return offsets;
	}
	throw new Error('no such scan');
}

function offsetOf(jpeg: Uint8Array, marker: number): number {
	const part = [...walkJpeg(jpeg)].find((p) => 'marker' in p && p.marker === marker);
	if (!part || part.kind === 'broken') throw new Error(`no marker ${marker.toString(16)}`);
	return part.start;
}

describe('checkJpegIntegrity', () => {
	it.each(['HMD_Nokia_8.3_5G.jpg', 'DSCN0010.jpg', 'Canon_40D.jpg', 'portrait_6.jpg', 'landscape_8.jpg'])(
		'passes %s',
		(name) => {
			expect(checkJpegIntegrity(fixtureBytes(name))).toEqual({ ok: true });
		}
	);

	it('passes baseline and progressive files with restart intervals', () => {
		expect(checkJpegIntegrity(RESTART_BASELINE)).toEqual({ ok: true });
		expect(checkJpegIntegrity(RESTART_PROGRESSIVE)).toEqual({ ok: true });
	});

	it('flags corrupted.jpg: 16 KiB of its scan overwritten with 0xFF, ending in the marker FF 9F', () => {
		const jpeg = fixtureBytes('corrupted.jpg');
		expect(jpeg.subarray(212_992, 229_375).every((b) => b === 0xff)).toBe(true);
		expect(checkJpegIntegrity(jpeg)).toEqual({
			ok: false,
			damage: 'reserved-marker',
			offset: 229_375
		});
	});

	it('flags corrupted.jpg by its restart markers alone, had the run ended in a legal byte', () => {
		const jpeg = fixtureBytes('corrupted.jpg');
		jpeg[229_376] = 0x00;
		// RST0 follows where RST4 was due: about 170 restart intervals were lost.
		expect(checkJpegIntegrity(jpeg)).toEqual({
			ok: false,
			damage: 'restart-out-of-order',
			offset: 229_377
		});
	});

	it('flags a file cut short, in the scan or in the headers', () => {
		const hmd = fixtureBytes('HMD_Nokia_8.3_5G.jpg');
		expect(checkJpegIntegrity(hmd.subarray(0, 1_000_000))).toMatchObject({
			ok: false,
			damage: 'truncated'
		});
		expect(checkJpegIntegrity(hmd.subarray(0, hmd.length - 2))).toMatchObject({
			ok: false,
			damage: 'truncated'
		});
		expect(checkJpegIntegrity(hmd.subarray(0, 600))).toMatchObject({
			ok: false,
			damage: 'truncated'
		});
	});

	it('flags an invalid marker inside the scan data', () => {
		const jpeg = fixtureBytes('DSCN0010.jpg');
		jpeg.set([0xff, 0x9f], 100_000);
		expect(checkJpegIntegrity(jpeg)).toEqual({
			ok: false,
			damage: 'reserved-marker',
			offset: 100_000
		});
	});

	it('flags a lost restart interval by the marker sequence', () => {
		const [first, second] = restartOffsets(RESTART_BASELINE, 4);
		const jpeg = concatBytes(RESTART_BASELINE.subarray(0, first), RESTART_BASELINE.subarray(second ?? 0));
		expect(checkJpegIntegrity(jpeg)).toMatchObject({ ok: false, damage: 'restart-out-of-order' });
	});

	it('flags eight lost restart intervals, which keep the sequence, by the count', () => {
		const offsets = restartOffsets(RESTART_PROGRESSIVE, 20);
		const jpeg = concatBytes(
			RESTART_PROGRESSIVE.subarray(0, offsets[2]),
			RESTART_PROGRESSIVE.subarray(offsets[10])
		);
		expect(checkJpegIntegrity(jpeg)).toMatchObject({ ok: false, damage: 'restart-count' });
	});

	it('flags a scan without a frame, a file without a scan and an empty scan', () => {
		const canon = fixtureBytes('Canon_40D.jpg');
		const sof = offsetOf(canon, 0xc0);
		const noFrame = concatBytes(canon.subarray(0, sof), canon.subarray(sof + 19));
		expect(checkJpegIntegrity(noFrame)).toMatchObject({ ok: false, damage: 'no-frame' });
		const sos = offsetOf(canon, 0xda);
		expect(checkJpegIntegrity(concatBytes(canon.subarray(0, sos), [0xff, 0xd9]))).toMatchObject({
			ok: false,
			damage: 'no-scan'
		});
		expect(checkJpegIntegrity(concatBytes(canon.subarray(0, sos + 14), [0xff, 0xd9]))).toMatchObject({
			ok: false,
			damage: 'empty-scan'
		});
	});

	it('flags a second SOI and a restart marker outside scan data', () => {
		const canon = fixtureBytes('Canon_40D.jpg');
		const sos = offsetOf(canon, 0xda);
		expect(
			checkJpegIntegrity(concatBytes(canon.subarray(0, sos), [0xff, 0xd8], canon.subarray(sos)))
		).toMatchObject({
			ok: false,
			damage: 'stray-marker'
		});
		expect(
			checkJpegIntegrity(concatBytes(canon.subarray(0, sos), [0xff, 0xd3], canon.subarray(sos)))
		).toMatchObject({
			ok: false,
			damage: 'stray-marker'
		});
	});

	it('flags a bad segment length', () => {
		const canon = fixtureBytes('Canon_40D.jpg');
		canon.set([0x00, 0x01], 4);
		expect(checkJpegIntegrity(canon)).toEqual({ ok: false, damage: 'bad-length', offset: 2 });
	});

	it('tolerates what decoders tolerate: fill bytes, stray bytes between segments, a trailer', () => {
		const canon = fixtureBytes('Canon_40D.jpg');
		const sos = offsetOf(canon, 0xda);
		const tolerated = concatBytes(
			canon.subarray(0, sos),
			[0x00, 0x00, 0xff, 0xff],
			canon.subarray(sos),
			[0, 0, 0]
		);
		expect(checkJpegIntegrity(tolerated)).toEqual({ ok: true });
	});

	it('says no to what is not a JPEG', () => {
		expect(checkJpegIntegrity(fixtureBytes('bomb_30000x30000.png'))).toMatchObject({
			ok: false,
			damage: 'no-soi'
		});
	});
});
