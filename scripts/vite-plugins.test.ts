import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	declaredExports,
	kitRootWithoutLegacy,
	kitUniversalAsObject,
	leanMessageModule,
	svelteAsObject
} from './vite-plugins';

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

describe('kitRootWithoutLegacy', () => {
	const kit = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
	const transform = kitRootWithoutLegacy().transform as (code: string, id: string) => { code: string } | null;
	const legacyRoot = [
		"import { asClassComponent } from 'svelte/legacy';",
		"import Root from './root.svelte';",
		'export default asClassComponent(Root);'
	].join('\n');

	it("puts the app's class root in place of Svelte's legacy wrapper", () => {
		const lean = transform(legacyRoot, '/app/.svelte-kit/generated/root.js')?.code ?? '';
		expect(lean).not.toContain('svelte/legacy');
		expect(lean).toContain("import { classRoot } from '$lib/kit/class-root.svelte';");
		expect(lean).toContain('export default classRoot(Root);');
	});

	it('leaves other modules, and a root of another shape, as they are', () => {
		expect(transform(legacyRoot, '/app/src/root.js')).toBeNull();
		expect(
			transform("export { default } from './root.svelte';", '/app/.svelte-kit/generated/root.js')
		).toBeNull();
	});

	it("finds the legacy wrapper in SvelteKit's root writer (or the plugin has nothing left to do)", () => {
		const writer = readFileSync(join(kit, 'src/core/sync/write_root.js'), 'utf8');
		expect(writer).toContain("import { asClassComponent } from 'svelte/legacy';");
		expect(writer).toContain('export default asClassComponent(Root);');
	});
});

describe('kitUniversalAsObject', () => {
	const kit = dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json'));
	const transform = kitUniversalAsObject().transform as (code: string, id: string) => { code: string } | null;
	const node = (from: string) =>
		[
			`import * as universal from ${JSON.stringify(from)};`,
			'export { universal };',
			"export { default as component } from './x.svelte';"
		].join('\n');
	const nodeId = join(process.cwd(), '.svelte-kit/generated/client-optimized/nodes/0.js');
	const rootLayout = '../../../../src/routes/+layout.ts';

	it("names the root layout's exports: its two flags", () => {
		expect(declaredExports(readFileSync('src/routes/+layout.ts', 'utf8'))).toEqual(['ssr', 'prerender']);
	});

	it('gives up on any export that is not a plain declaration', () => {
		expect(declaredExports('export const a = 1;\nexport function load() {}')).toEqual(['a', 'load']);
		expect(declaredExports('// export const not = 1;\nexport async function load() {}')).toEqual(['load']);
		expect(declaredExports("export const a = 1;\nexport { b } from './b';")).toBeNull();
		expect(declaredExports("export * from './b';")).toBeNull();
		expect(declaredExports('const a = 1;\nexport default a;')).toBeNull();
	});

	it("makes the root layout's node export an object of its names, not a namespace", () => {
		const lean = transform(node(rootLayout), nodeId)?.code ?? '';
		expect(lean).not.toContain('import * as universal');
		expect(lean).toContain(`import { ssr, prerender } from "${rootLayout}";`);
		expect(lean).toContain('export const universal = { ssr, prerender };');
		expect(lean).toContain("export { default as component } from './x.svelte';");
	});

	it('leaves other modules as they are', () => {
		expect(transform(node(rootLayout), join(process.cwd(), 'src/routes/nodes/0.js'))).toBeNull();
		expect(transform("export { default as component } from './x.svelte';", nodeId)).toBeNull();
	});

	it("finds the namespace import in SvelteKit's manifest writer (or the plugin has nothing left to do)", () => {
		const writer = readFileSync(join(kit, 'src/core/sync/write_client_manifest.js'), 'utf8');
		expect(writer).toContain(
			'`import * as universal from ${s(relative_path(`${output}/nodes`, node.universal))};`'
		);
		expect(writer).toContain("'export { universal };'");
	});
});

describe('leanMessageModule', () => {
	// A module as Paraglide compiles it (vitest's global setup compiles the catalog first).
	const compiled = readFileSync('src/lib/paraglide/messages/home_hero_title.js', 'utf8');

	it("exports the build language's own function, and no dispatcher", () => {
		for (const [locale, own] of [
			['de', 'de_home_hero_title'],
			['pt-BR', 'pt_br2_home_hero_title'],
			['en', 'en_home_hero_title']
		] as const) {
			const lean = leanMessageModule(compiled, locale);
			expect(lean.trimEnd().endsWith(`export const home_hero_title = ${own};`), locale).toBe(true);
			expect(lean).not.toContain('console.warn');
			expect(lean).not.toContain('if (locale ===');
		}
	});

	it('keeps the dispatcher, without the warning, in a build of every language', () => {
		const lean = leanMessageModule(compiled, undefined);
		expect(lean).toContain('if (locale === "de") return de_home_hero_title(inputs)');
		expect(lean).not.toContain('console.warn');
	});
});
