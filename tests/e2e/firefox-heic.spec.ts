import { fixturePath } from '../support/fixtures';
import { testId } from './support/app-page';
import { expectNoProblems, IN_DROP, roomOfTwo, sendPhoto, viewerSample } from './support/app-steps';
import { test } from './support/firefox-fixtures';
import { expectHeicUpright, HEIC, HEIC_GRID } from './support/heic-upright';

// Firefox has no HEIC decoder of its own: its photo worker loads libheif. The Chromium spec
// (heic.spec.ts) checks the bytes that arrive for metadata; this one, that the same pipeline runs
// in Firefox and what arrives is upright.
test.afterAll(({ firefoxPool }) => firefoxPool.close());

test('firefox sends an iPhone HEIC: decoded by libheif in its worker, it arrives upright', async ({
	openFirefox,
	openChromium
}) => {
	const [alice, bob] = await roomOfTwo(openFirefox, openChromium);
	await sendPhoto(alice, fixturePath(HEIC));
	await bob.expectAttribute(IN_DROP, 'data-state', 'sealed');
	await bob.click(`${IN_DROP} ${testId('reveal')}`);
	await bob.expectVisible(`${IN_DROP} ${testId('viewer')} canvas[data-drawn="true"]`);
	await expectHeicUpright(await viewerSample(bob, HEIC_GRID * 8));
	expectNoProblems([alice, bob]);
});
