import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the project's package.json, found from this module's own location: the
 * same whether the server runs from `signaling/` through tsx or bundled in `build-server/`.
 */
export function projectRoot(from: string = import.meta.url): string {
	let dir = dirname(fileURLToPath(from));
	while (!existsSync(join(dir, 'package.json'))) {
		const parent = dirname(dir);
		if (parent === dir) throw new Error('package.json not found above the server');
		dir = parent;
	}
	return dir;
}
