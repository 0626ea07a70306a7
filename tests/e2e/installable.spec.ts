import { APP_BUILD_DIR, startTestServer } from '../support/test-server';
import { test, expect } from './support/fixtures';

test('installable: manifest, icons, and an app shell that opens with the server gone', async ({
	openDevice
}) => {
	const running = await startTestServer({ staticDir: APP_BUILD_DIR });
	const { url } = running;
	const manifest = (await (await fetch(`${url}/manifest.webmanifest`)).json()) as {
		name: string;
		start_url: string;
		display: string;
		theme_color: string;
		icons: { src: string; sizes: string }[];
	};
	expect(manifest).toMatchObject({ name: 'VanishDrop', start_url: '/', display: 'standalone' });
	expect(manifest.icons.map((i) => i.sizes).sort()).toEqual(['192x192', '512x512', 'any']);
	for (const icon of manifest.icons) expect((await fetch(`${url}${icon.src}`)).status).toBe(200);

	const device = await openDevice({ context: { baseURL: url } });
	await device.page.goto('/');
	await expect(device.page.locator('link[rel="manifest"]')).toHaveAttribute('href', /manifest\.webmanifest/);
	// 127.0.0.1 is a secure context: the service worker takes over and caches the shell.
	await expect
		.poll(() =>
			device.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state)
		)
		.toBe('activated');

	await running.close();
	await device.page.reload();
	await expect(device.page.getByTestId('create-room')).toBeVisible();
});
