// Steps shared by `npm start`, `npm test` and `npm run bench`: install what is missing and build
// only when the sources changed, so that once set up, everything works with no network at all.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApp } from './build-app.mjs';

export const root = resolve(import.meta.dirname, '..');

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
export function run(cmd, args, options = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
	if (r.status !== 0) {
		console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
		process.exit(r.status || 1);
	}
}

/** @param {string[]} paths */
function hashFiles(paths) {
	const h = createHash('sha256');
	/** @param {string} p */
	const walk = (p) => {
		if (!existsSync(p) || p === GENERATED) return;
		const st = statSync(p);
		if (st.isDirectory()) {
			for (const name of readdirSync(p).sort()) walk(join(p, name));
		} else {
			h.update(p.slice(root.length));
			h.update(readFileSync(p));
		}
	};
	for (const p of paths) walk(join(root, p));
	return h.digest('hex');
}

/** `npm ci` when node_modules is missing or was installed from another lockfile. */
export function ensureDependencies() {
	const stamp = join(root, 'node_modules', '.vanishdrop-lock');
	const want = hashFiles(['package-lock.json']);
	if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
	// npm's own record of the last install: newer than the lockfile means it is up to date.
	const installed = join(root, 'node_modules', '.package-lock.json');
	if (
		existsSync(installed) &&
		statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs
	) {
		writeFileSync(stamp, want);
		return;
	}
	console.log('Installing dependencies (npm ci)…');
	run('npm', ['ci', '--no-audit', '--no-fund']);
	writeFileSync(stamp, want);
}

const APP_INPUTS = [
	'src',
	'static',
	'messages',
	'project.inlang/settings.json',
	'svelte.config.js',
	'vite.config.ts',
	'scripts/vite-plugins.ts',
	'scripts/messages-compiler.ts',
	'scripts/build-app.mjs',
	'package-lock.json'
];
// The server also bundles the protocol and room keys it shares with the app, from `src/lib`.
const SERVER_INPUTS = ['signaling', 'src/lib', 'package-lock.json'];
// Written by the build (Paraglide's output), not a source.
const GENERATED = join(root, 'src', 'lib', 'paraglide');

/**
 * Node's flags for the server process: `--expose-gc` lets an idle server hand back the heap a
 * busy spell grew (signaling/http/quiet-heap.ts); a young generation of at most 2 × 2 MB, where
 * V8 would grow it to 2 × 16 MB under a crowd of clients and keep it committed after they left
 * (the churn bench: V8's heap 43 MB 30 s after 1,000 clients, against 8 MB before them). The
 * benches run the server with these too.
 */
export const SERVER_NODE_FLAGS = ['--expose-gc', '--max-semi-space-size=2'];

/**
 * The server's environment, under what the person sets: glibc's malloc told to keep two arenas
 * and to give freed memory back to the system above 128 KB (by default, freeing large buffers
 * raises both thresholds, so memory a crowd of sockets used stayed in the process: 7 MB of RSS
 * outside V8's heap in the churn bench). Other C libraries ignore these.
 */
export const SERVER_ENV = {
	MALLOC_ARENA_MAX: '2',
	MALLOC_TRIM_THRESHOLD_: '131072',
	MALLOC_MMAP_THRESHOLD_: '131072'
};

/** Where `npm start` runs the server from: `signaling/cli/main.ts` bundled into one plain JS file. */
export const SERVER_ENTRY = join(root, 'build-server', 'main.mjs');

/** Runs `make` unless `stampPath` records exactly these sources. */
function unlessBuiltFrom(
	/** @type {string[]} */ inputs,
	/** @type {string} */ stampPath,
	/** @type {() => void} */ make
) {
	const want = hashFiles(inputs);
	if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === want) return;
	make();
	writeFileSync(stampPath, want);
}

/**
 * Builds the app into `build/`, and the server into `build-server/`, each only when its sources
 * changed. The server runs as plain JS: loading it through `tsx` costs about 20 MB of memory.
 * Its packages stay in node_modules; `ioredis` is loaded only where Redis is configured.
 */
export function ensureBuild() {
	unlessBuiltFrom(APP_INPUTS, join(root, 'build', '.sources'), () => {
		console.log('Building the app, once per language…');
		buildApp();
	});
	unlessBuiltFrom(SERVER_INPUTS, join(root, 'build-server', '.sources'), () =>
		bundleForNode(join(root, 'signaling', 'cli', 'main.ts'), SERVER_ENTRY)
	);
}

/**
 * Bundles a Node entry point (TypeScript) into one plain ESM file with esbuild. Its packages stay
 * in node_modules; `import.meta` in the bundle is the bundle's own location.
 * @param {string} entry
 * @param {string} outfile
 */
export function bundleForNode(entry, outfile) {
	run('npx', [
		'esbuild',
		entry,
		'--bundle',
		'--platform=node',
		'--format=esm',
		'--target=node20',
		'--packages=external',
		'--log-level=warning',
		`--outfile=${outfile}`
	]);
}

/** The Debian package that provides each program the tests run. */
const DEBIAN_PACKAGES = /** @type {const} */ ({
	'/usr/bin/chromium': 'chromium',
	'/usr/bin/firefox-esr': 'firefox-esr',
	'/usr/bin/turnserver': 'coturn',
	'/usr/bin/redis-server': 'redis-server',
	// The link-drop e2e test cuts one device's path with it.
	'/usr/sbin/nft': 'nftables',
	// The tests and benches make their clips and noise JPEGs with it (tests/support/ffmpeg.ts).
	'/usr/bin/ffmpeg': 'ffmpeg'
});

/**
 * Installs with apt, in one go, the packages of whichever of `programs` are missing. Debian must
 * not start coturn and redis-server as services: the tests start their own on loopback.
 * Returns false where it cannot install (not root, or not Debian).
 * @param {(keyof typeof DEBIAN_PACKAGES)[]} programs
 */
export function installSystemPackages(programs) {
	const packages = programs.filter((p) => !existsSync(p)).map((p) => DEBIAN_PACKAGES[p]);
	if (packages.length === 0) return true;
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
	console.log(`Installing ${packages.join(', ')} (apt-get)…`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !existsSync(policy);
	if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		run('apt-get', ['update', '-qq']);
		run('apt-get', ['install', '-y', '-qq', ...packages], {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
		});
	} finally {
		if (ownPolicy) rmSync(policy, { force: true });
	}
	return true;
}

/** The Chromium for end-to-end tests: CHROMIUM_PATH, Debian's package, or Playwright's own. */
export function ensureChromium() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	if (existsSync('/usr/bin/chromium-browser')) return '/usr/bin/chromium-browser';
	if (installSystemPackages(['/usr/bin/chromium'])) return '/usr/bin/chromium';
	console.log('Installing Playwright’s Chromium…');
	run('npx', ['playwright', 'install', 'chromium']);
	return '';
}

/**
 * Debian's Firefox ESR, which the Firefox end-to-end tests drive with puppeteer-core
 * (`tests/support/firefox.ts`; FIREFOX_PATH names another). Installed before the namespace is
 * entered: apt needs the network.
 */
export function ensureFirefox() {
	if (process.env.FIREFOX_PATH || installSystemPackages(['/usr/bin/firefox-esr'])) return;
	console.warn('The Firefox tests need firefox-esr (or FIREFOX_PATH); install it first.');
}

/**
 * The TURN relay (coturn) and Redis that the tests of issue 7 start on loopback, and ffmpeg, which
 * makes the tests' clips and noise JPEGs.
 */
export function ensureTestServers() {
	if (installSystemPackages(['/usr/bin/turnserver', '/usr/bin/redis-server', '/usr/bin/ffmpeg'])) return;
	console.warn(
		'The relay, multi-process and video tests need coturn, redis-server and ffmpeg; install them first.'
	);
}

/**
 * Peer connections need a network with a default route. Where this machine offers private
 * network namespaces (root and ../shared/tools/netns-exec), re-runs this script inside one,
 * after setting up outside (apt and npm may need the network), and exits with its status.
 * Returns when already inside, or when no namespace can be had.
 */
export function runInsideNetnsIfAvailable() {
	const netns = join(root, '..', 'shared', 'tools', 'netns-exec');
	if (process.env.NETNS_EXEC_INSIDE === '1' || !existsSync(netns) || process.getuid?.() !== 0) return;
	ensureDependencies();
	ensureChromium();
	ensureBuild();
	const r = spawnSync(netns, [process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', cwd: root });
	process.exit(r.status ?? 1);
}

/**
 * What `npm test` and `npm run bench` do first: coturn, redis-server and ffmpeg (apt may need the
 * network, so before entering the namespace), then, inside the namespace where there is one,
 * the dependencies, Chromium and a current build. Returns the environment to run them in.
 */
export function prepareTestRun() {
	ensureTestServers();
	runInsideNetnsIfAvailable();
	ensureDependencies();
	const chromium = ensureChromium();
	ensureBuild();
	return { ...process.env, CHROMIUM_PATH: chromium };
}
