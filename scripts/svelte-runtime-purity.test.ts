import { parse, type Node } from 'acorn';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIDE_EFFECT_FREE_SVELTE_MODULES } from './vite-plugins';

const svelteSrc = join(dirname(createRequire(import.meta.url).resolve('svelte/package.json')), 'src');

/** What loading a module may run and still be called free of side effects. */
function runsNothing(init: Node | null | undefined): boolean {
	if (!init) return true;
	const n = init as Node & {
		callee?: Node & { name?: string };
		elements?: unknown[];
		properties?: unknown[];
	};
	if (['Literal', 'Identifier', 'ArrowFunctionExpression', 'FunctionExpression'].includes(n.type))
		return true;
	if (n.type === 'ArrayExpression') return (n.elements ?? []).length === 0;
	if (n.type === 'CallExpression') return n.callee?.name === 'Symbol';
	if (n.type === 'NewExpression') return ['Set', 'Map', 'WeakMap', 'WeakSet'].includes(n.callee?.name ?? '');
	return false;
}

function topLevelEffects(source: string): string[] {
	const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
	const effects: string[] = [];
	for (const statement of program.body) {
		const s =
			statement.type === 'ExportNamedDeclaration' && statement.declaration
				? statement.declaration
				: statement;
		if (
			['ImportDeclaration', 'ExportNamedDeclaration', 'FunctionDeclaration', 'ClassDeclaration'].includes(
				s.type
			)
		)
			continue;
		if (s.type === 'VariableDeclaration' && s.declarations.every((d) => runsNothing(d.init))) continue;
		effects.push(source.slice(s.start, Math.min(s.end, s.start + 60)));
	}
	return effects;
}

describe('the Svelte runtime modules said to be free of side effects (svelteRuntimeWhereUsed)', () => {
	it.each(SIDE_EFFECT_FREE_SVELTE_MODULES)('%s only declares', (module) => {
		const effects = topLevelEffects(readFileSync(join(svelteSrc, module), 'utf8'));
		// custom-element.js defines its element class only where HTMLElement exists: nothing runs.
		const allowed = module.endsWith('custom-element.js') ? ["if (typeof HTMLElement === 'function')"] : [];
		expect(effects.filter((e) => !allowed.some((a) => e.startsWith(a)))).toEqual([]);
	});

	it('finds a statement that runs code', () => {
		expect(topLevelEffects('export const a = 1;\nwindow.x = a;\nconst b = f();')).toEqual([
			'window.x = a;',
			'const b = f();'
		]);
	});
});
