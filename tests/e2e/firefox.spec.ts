import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '../support/fixtures';
import { startNetworkSentinel } from '../support/network-sentinel';
import { testId, type AppPage, type BrowserName } from './support/app-page';
import {
	createPrivateRoom,
	expectNoProblems,
	expectPeer,
	expectSameSafetyCode,
	expectViewerUpright,
	IN_DROP,
	OUT_DROP,
	peer,
	reportsCertificateStats,
	room,
	selfName,
	sendPhoto
} from './support/app-steps';
import { expect, test } from './support/firefox-fixtures';

// Firefox ESR (Debian's; Playwright cannot drive it) through puppeteer-core over WebDriver BiDi,
// one Firefox process per device (a background tab is hidden, and a hidden tab ends a view),
// against the same server and build as the Chromium tests. The steps are the Chromium suite's,
// through `AppPage`; where a case differs for Firefox, the case says why.
//
// Firefox's `getStats()` names no DTLS certificates, so its safety code comes from the SDP
// fingerprints (`readDtlsFingerprints`'s fallback) while Chromium's comes from the certificate
// stats: the codes below match only if both paths name the same two certificates.

// The pool's Firefoxes serve this file's tests only: none idles beside the specs after it.
test.afterAll(({ firefoxPool }) => firefoxPool.close());

const PORTRAIT = fixturePath('portrait_6.jpg');

/**
 * The whole story from one device to another with a photo whose EXIF says "rotate 90°": a
 * direct connection, a sealed card naming the sender, delivered, revealed once, upright, viewed,
 * closed, destroyed on both sides, and nothing left after a reload. Resolves once the sender
 * sees the reloaded recipient ready again, with the recipient's name then.
 */
async function coreStory(
	sender: AppPage,
	senderName: string,
	recipient: AppPage,
	recipientName: string,
	{ reload = true } = {}
): Promise<string> {
	await sender.expectAttribute(peer(recipientName), 'data-peer-route', 'direct');
	await recipient.expectAttribute(peer(senderName), 'data-peer-route', 'direct');

	await sendPhoto(sender, PORTRAIT);
	await recipient.expectAttribute(IN_DROP, 'data-state', 'sealed');
	await recipient.expectText(IN_DROP, `Photo from ${senderName}`);
	await recipient.expectCount(`${IN_DROP} :is(img, canvas, picture, video)`, 0);
	const receipt = `${OUT_DROP} ${testId('receipt', { 'data-peer-name': recipientName })}`;
	await sender.expectAttribute(receipt, 'data-status', 'delivered');

	await recipient.click(`${IN_DROP} ${testId('reveal')}`);
	await recipient.expectAttribute(IN_DROP, 'data-state', 'viewing');
	await recipient.expectVisible(`${IN_DROP} ${testId('viewer')} canvas[data-drawn="true"]`);
	await expectViewerUpright(recipient, PORTRAIT);
	await sender.expectAttribute(receipt, 'data-status', 'viewed');

	await recipient.click(`${IN_DROP} ${testId('close')}`);
	await recipient.expectAttribute(IN_DROP, 'data-state', 'destroyed');
	await recipient.expectCount(testId('viewer'), 0);
	await recipient.expectCount(`${IN_DROP} ${testId('reveal')}`, 0);
	await sender.expectAttribute(receipt, 'data-status', 'destroyed');
	await sender.expectAttribute(OUT_DROP, 'data-state', 'done');

	if (!reload) return recipientName;
	await recipient.reload();
	const nameNow = await selfName(recipient);
	await recipient.expectCount(IN_DROP, 0);
	await expectPeer(sender, nameNow);
	return nameNow;
}

test('firefox ↔ firefox: the same safety code, a photo each way, and nothing leaves the machine', async ({
	openFirefox,
	firefoxPool
}) => {
	// First in this file, with no Firefox of the pool left: after a test with Chromium, mDNS
	// multicast (Chromium's `<uuid>.local` host names, and queries for them) went on for about
	// 15 s on the namespace's interfaces, which the packet count below would take for these two.
	// (The sentinel then waits for quiet: the kernel's IGMP reports as the last browsers leave
	// that multicast group come up to a second after they quit.)
	await firefoxPool.close();
	// Every name resolves to 127.0.0.1 in these Firefoxes: a call home would land on :80 or :443.
	const sentinel = await startNetworkSentinel();
	try {
		const [alice, bob] = await Promise.all([openFirefox(), openFirefox()]);
		const {
			names: [aliceName, bobName]
		} = await room(alice, bob);
		// Both codes from the SDP fingerprints, neither end having certificate stats.
		expect(await reportsCertificateStats(alice)).toBe(false);
		await expectSameSafetyCode(alice, aliceName!, bob, bobName!);
		const bobNow = await coreStory(alice, aliceName!, bob, bobName!);
		// After the reload a new connection, a new exchange, and again one code on both screens.
		await expectSameSafetyCode(alice, aliceName!, bob, bobNow);
		await coreStory(bob, bobNow, alice, aliceName!, { reload: false });
		expectNoProblems([alice, bob]);

		if (sentinel) {
			expect(sentinel.connections(), 'connections meant for the internet').toEqual([]);
			expect(
				sentinel.packetsOut(),
				`packets out of an interface other than loopback: ${sentinel.packetsOutByKind().join(', ') || 'unknown'}`
			).toBe(0);
		} else {
			test.info().annotations.push({
				type: 'note',
				description: 'not inside netns-exec: no check that nothing left the machine'
			});
		}
	} finally {
		await sentinel?.close();
	}
});

const crossings: [BrowserName, BrowserName][] = [
	['chromium', 'firefox'],
	['firefox', 'chromium']
];

for (const [from, to] of crossings) {
	test(`${from} → ${to}: the core story, portrait_6.jpg upright, once, then gone`, async ({
		openFirefox,
		openChromium
	}) => {
		const open = (browser: BrowserName) => (browser === 'firefox' ? openFirefox() : openChromium());
		const [sender, recipient] = await Promise.all([open(from), open(to)]);
		const {
			names: [senderName, recipientName]
		} = await room(sender, recipient);
		await expectSameSafetyCode(sender, senderName!, recipient, recipientName!);
		// The two ends read the certificates each its own way (see the top of this file).
		for (const page of [sender, recipient]) {
			expect(await reportsCertificateStats(page), page.browserName).toBe(page.browserName === 'chromium');
		}
		await coreStory(sender, senderName!, recipient, recipientName!);
		expectNoProblems([sender, recipient]);
	});
}

test('firefox sends from a plain-http LAN name (not a secure context), with no CSP violation', async ({
	openFirefox,
	openChromium,
	server
}) => {
	// `network.dns.forceResolve` maps lan.test to 127.0.0.1 in Firefox; Chromium needs a rule.
	const origin = `http://lan.test:${server.port}`;
	const [alice, bob] = await Promise.all([
		openFirefox({ origin }),
		openChromium({ origin, args: ['--host-resolver-rules=MAP lan.test 127.0.0.1'] })
	]);
	const link = await createPrivateRoom(alice);
	expect(link.startsWith(`${origin}/r/`)).toBe(true);
	const context = await alice.evaluate(
		() => ({ secure: isSecureContext, subtle: typeof crypto.subtle, uuid: typeof crypto.randomUUID }),
		undefined
	);
	expect(context).toEqual({ secure: false, subtle: 'undefined', uuid: 'undefined' });

	await bob.goto(link);
	const [aliceName, bobName] = await Promise.all([selfName(alice), selfName(bob)]);
	await expectSameSafetyCode(alice, aliceName, bob, bobName);

	await coreStory(alice, aliceName, bob, bobName);
	// Chromium, unlike Firefox, logs an error for the server's Cross-Origin-Opener-Policy header
	// on an origin that is not potentially trustworthy: the browser's note on a header it
	// ignores there, not something the page did.
	expectNoProblems(
		[alice, bob],
		/^The Cross-Origin-Opener-Policy header has been ignored, because the URL's origin was untrustworthy\./
	);
});

const dir = mkdtempSync(join(tmpdir(), 'vanishdrop-'));
const notAnImage = join(dir, 'holiday.jpg');
writeFileSync(notAnImage, 'This is a text file pretending to be a photo.\n'.repeat(50));

// The files of bad-input.spec.ts but its HEIC photo: refused today in both browsers alike, it is
// to open in Chromium and Firefox (issue 16, libheif-js), whose own test will send it from both.
const badFiles: [string, string, RegExp][] = [
	['corrupted.jpg', fixturePath('corrupted.jpg'), /damaged/i],
	['bomb_30000x30000.png', fixturePath('bomb_30000x30000.png'), /too large/i],
	['a text file named .jpg', notAnImage, /isn't a photo/i]
];

test('bad files from firefox: a clear alert, nothing sent, the next photo goes; the collector sees a violation', async ({
	openFirefox,
	openChromium
}) => {
	const [alice, bob] = await Promise.all([openFirefox(), openChromium()]);
	await room(alice, bob);

	const alert = '[role="alert"]';
	for (const [label, file, message] of badFiles) {
		await sendPhoto(alice, file);
		await test.step(label, async () => {
			await alice.expectText(alert, message);
			await alice.expectCount(alert, 1);
			await alice.expectText(alert, 'Nothing was sent');
			await alice.click(`${alert} button[aria-label="Dismiss"]`);
			await alice.expectCount(alert, 0);
			await alice.expectCount(OUT_DROP, 0);
		});
	}
	await bob.expectCount(IN_DROP, 0);
	await sendPhoto(alice, fixturePath('DSCN0010.jpg'));
	await bob.expectAttribute(IN_DROP, 'data-state', 'sealed');
	expectNoProblems([alice, bob]);

	// The collector itself, in each browser: an inline script the page's CSP refuses and an
	// uncaught error are both reported.
	for (const page of [alice, bob]) {
		await page.evaluate(() => {
			const script = document.createElement('script');
			script.textContent = 'void 0';
			document.head.append(script);
			setTimeout(() => {
				throw new Error('collector check');
			});
		}, undefined);
		for (const seen of [/securitypolicyviolation script-src/, /collector check/]) {
			await expect
				.poll(() => page.problems.some((p) => seen.test(p)), { message: `${page.browserName}: ${seen}` })
				.toBe(true);
		}
	}
});
