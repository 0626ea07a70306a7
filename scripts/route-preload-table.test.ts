import { describe, expect, it } from 'vitest';
import { routeIdOf, routePreloadTable, type BuiltChunk } from './route-preload-table';

const chunk = (
	fileName: string,
	imports: string[] = [],
	css: string[] = [],
	route: string | null = null
): BuiltChunk => ({
	fileName,
	imports,
	css,
	route
});

describe('routePreloadTable', () => {
	it("lists each route's node, everything it imports statically, and their styles", () => {
		const table = routePreloadTable([
			chunk('_app/immutable/nodes/6.js', ['_app/immutable/chunks/room.js'], [], '/r/[roomId]'),
			chunk(
				'_app/immutable/chunks/room.js',
				['_app/immutable/chunks/svelte.js'],
				['_app/immutable/assets/RoomView.css']
			),
			chunk('_app/immutable/chunks/svelte.js', ['_app/immutable/chunks/room.js']),
			chunk('_app/immutable/chunks/lazy.js', [], ['_app/immutable/assets/lazy.css']),
			chunk(
				'_app/immutable/nodes/2.js',
				['_app/immutable/chunks/svelte.js'],
				['_app/immutable/assets/2.css'],
				'/'
			)
		]);
		expect(table).toEqual([
			{
				id: '/',
				js: [
					'/_app/immutable/nodes/2.js',
					'/_app/immutable/chunks/svelte.js',
					'/_app/immutable/chunks/room.js'
				],
				css: ['/_app/immutable/assets/2.css', '/_app/immutable/assets/RoomView.css']
			},
			{
				id: '/r/[roomId]',
				js: [
					'/_app/immutable/nodes/6.js',
					'/_app/immutable/chunks/room.js',
					'/_app/immutable/chunks/svelte.js'
				],
				css: ['/_app/immutable/assets/RoomView.css']
			}
		]);
	});
});

describe('routeIdOf', () => {
	it("names a page file's route", () => {
		expect(routeIdOf('/app/src/routes/r/[roomId]/+page.svelte', '/app/src/routes')).toBe('/r/[roomId]');
		expect(routeIdOf('/app/src/routes/+page.svelte', '/app/src/routes/')).toBe('/');
		expect(routeIdOf('/app/src/routes/+layout.svelte', '/app/src/routes')).toBeNull();
		expect(routeIdOf('/app/src/lib/x/+page.svelte', '/app/src/routes')).toBeNull();
	});
});
