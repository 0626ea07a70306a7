import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { svelteAsObject } from './vite-plugins';

describe('svelteAsObject (kitClientSvelteImports)', () => {
	it('imports each name the code reads off `svelte`, not those in comments or strings', () => {
		const code = [
			'// see svelte.dev/docs',
			'const { onMount, tick: nextTick } = svelte;',
			'const untrack = svelte.untrack ?? ((v) => v());',
			"const file = '+page.svelte.js';",
			'svelte.settled?.();'
		].join('\n');
		expect(svelteAsObject(code)).toBe(
			"import { onMount as __svelte_onMount, settled as __svelte_settled, tick as __svelte_tick, untrack as __svelte_untrack } from 'svelte';\n" +
				'const svelte = { onMount: __svelte_onMount, settled: __svelte_settled, tick: __svelte_tick, untrack: __svelte_untrack };'
		);
	});

	it("finds the namespace import in SvelteKit's client (or the plugin has nothing left to do)", () => {
		const kit = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
		const client = join(kit, 'src/runtime/client/client.js');
		expect(readFileSync(client, 'utf8')).toContain("import * as svelte from 'svelte';");
	});
});
