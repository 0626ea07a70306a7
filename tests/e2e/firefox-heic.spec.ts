import { withDecodedHeic } from '../../src/lib/image/heic-decode';
import { fixtureBytes, fixturePath } from '../support/fixtures';
import { cellMeans, loadLibheifInNode } from '../support/libheif-node';
import { testId } from './support/app-page';
import { expectNoProblems, IN_DROP, room, sendPhoto, viewerSample } from './support/app-steps';
import { expect, test } from './support/firefox-fixtures';

// Firefox has no HEIC decoder of its own: its photo worker loads libheif. The Chromium spec
// (heic.spec.ts) checks the bytes that arrive for metadata; this one, that the same pipeline runs
// in Firefox and what arrives is upright.
test.afterAll(({ firefoxPool }) => firefoxPool.close());

const HEIC = 'iphone_13_pro_max.HEIC';
const GRID = 12;

function difference(a: number[], b: number[]): number {
	return a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
}

/** The grid turned a quarter turn clockwise: the photo with its `irot` ignored. */
function turned(cells: number[]): number[] {
	const out: number[] = [];
	for (let y = 0; y < GRID; y++) {
		for (let x = 0; x < GRID; x++) {
			const at = (x * GRID + (GRID - 1 - y)) * 3;
			out.push(...cells.slice(at, at + 3));
		}
	}
	return out;
}

test('firefox sends an iPhone HEIC: decoded by libheif in its worker, it arrives upright', async ({
	openFirefox,
	openChromium
}) => {
	const [alice, bob] = await Promise.all([openFirefox(), openChromium()]);
	await room(alice, bob);
	await sendPhoto(alice, fixturePath(HEIC));
	await bob.expectAttribute(IN_DROP, 'data-state', 'sealed');
	await bob.click(`${IN_DROP} ${testId('reveal')}`);
	await bob.expectVisible(`${IN_DROP} ${testId('viewer')} canvas[data-drawn="true"]`);
	const seen = await viewerSample(bob, GRID * 8);
	expect(seen.height).toBeGreaterThan(seen.width);
	expect(seen.width / seen.height).toBeCloseTo(3024 / 4032, 2);

	const lib = await loadLibheifInNode();
	const upright = await withDecodedHeic(lib, fixtureBytes(HEIC), async (p) =>
		cellMeans(p.data, p.width, p.height, GRID)
	);
	const received = cellMeans(seen.pixels, GRID * 8, GRID * 8, GRID);
	const toUpright = difference(received, upright);
	expect(toUpright).toBeLessThan(8);
	expect(toUpright * 4).toBeLessThan(difference(received, turned(upright)));
	expectNoProblems([alice, bob]);
});
