import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { signalingDevPlugin } from './signaling/dev-plugin';

export default defineConfig({
	plugins: [sveltekit(), signalingDevPlugin()],
	worker: { format: 'es' },
	build: { target: 'es2022' },
	test: {
		include: ['src/**/*.test.ts', 'signaling/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000
	}
});
