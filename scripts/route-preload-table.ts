import type { PreloadTable } from '../signaling/http/route-preloads';

/** What the table needs of one output chunk of the client build. */
export interface BuiltChunk {
	fileName: string;
	/** Chunks it imports statically: they load before it runs. */
	imports: readonly string[];
	css: readonly string[];
	/** For a SvelteKit node's chunk: the route id of the page it shows. */
	route: string | null;
}

/** A route's id from its page file (`…/src/routes/r/[roomId]/+page.svelte` -> `/r/[roomId]`). */
export function routeIdOf(pageFile: string, routesDir: string): string | null {
	const dir = routesDir.replace(/\/$/, '');
	if (!pageFile.startsWith(`${dir}/`) || !pageFile.endsWith('/+page.svelte')) return null;
	return `/${pageFile.slice(dir.length + 1, -'/+page.svelte'.length)}`;
}

/**
 * For each page route, its node's chunk, the chunks those import statically (transitively), and
 * their styles: what SvelteKit loads for the route once the app has started, as absolute URLs.
 */
export function routePreloadTable(chunks: readonly BuiltChunk[]): PreloadTable {
	const byFile = new Map(chunks.map((c) => [c.fileName, c]));
	return chunks
		.filter((c): c is BuiltChunk & { route: string } => c.route !== null)
		.map((node) => {
			const seen = new Set<string>();
			const visit = (file: string) => {
				if (seen.has(file) || !byFile.has(file)) return;
				seen.add(file);
				for (const dep of byFile.get(file)!.imports) visit(dep);
			};
			visit(node.fileName);
			const files = [...seen];
			const css = [...new Set(files.flatMap((f) => byFile.get(f)!.css))];
			return { id: node.route, js: files.map((f) => `/${f}`), css: css.map((f) => `/${f}`) };
		})
		.sort((a, b) => a.id.localeCompare(b.id));
}
