import { describe, expect, it } from 'vitest';
import { prepareVideo } from './prepare-video';
import { warmUpClip } from './warm-up-clip';

describe('warmUpClip', () => {
	it('is a clip the remux takes, laid out in place: a warm-up that runs the path a clip does', async () => {
		const out = await prepareVideo(warmUpClip());
		expect(out).toMatchObject({ mime: 'video/mp4', width: 16, height: 16 });
		expect(out.bytes.buffer.byteLength).toBeGreaterThan(out.bytes.length);
	});
});
