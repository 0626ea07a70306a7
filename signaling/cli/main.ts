import { ConfigError } from '../config-error';
import { USAGE, parseConfig, type ServerConfig } from '../config/parse-config';
import { signalingOptionsFrom } from '../config/server-options';
import { createSignalingServer, type SignalingServer } from '../http/app-server';
import { reachableLanUrls } from '../http/lan-addresses';
import { collectGarbageOption } from '../http/quiet-heap';
import { loadTls, type LoadedTls } from './load-tls';
import { newRoomInvitation } from './room-invitation';
import { qrTargetFor, renderBanner } from './terminal-banner';

/** Runs `step`; a ConfigError ends the process with its message and exit code 2. */
async function orExit<T>(step: () => T | Promise<T>): Promise<T> {
	try {
		return await step();
	} catch (error) {
		if (error instanceof ConfigError) {
			process.stderr.write(`${error.message}\n`);
			process.exit(2);
		}
		throw error;
	}
}

/** Why the server could not start, in the operator's terms where the cause is a common one. */
function startupFailure(error: unknown, config: ServerConfig): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EADDRINUSE') return `port ${config.port} is already in use`;
	if (code === 'EADDRNOTAVAIL') return `${config.host} is not an address of this machine`;
	return error instanceof Error ? error.message : String(error);
}

/** Where to open the app (or the new room, with `--qr-room`), with its QR code. */
async function printBanner(
	server: SignalingServer,
	config: ServerConfig,
	tls: LoadedTls | null
): Promise<void> {
	const { port } = server.address();
	const localUrl = `${server.protocol}://localhost:${port}`;
	const networkUrls = reachableLanUrls(config.host, server.protocol, port);
	const appUrl = qrTargetFor(localUrl, networkUrls);
	// The room's secret goes to stdout only: never to the logger.
	const qrTarget = config.qrRoom ? newRoomInvitation(appUrl) : appUrl;
	process.stdout.write(
		await renderBanner({ localUrl, networkUrls, qrTarget, room: config.qrRoom, notes: tls?.notes ?? [] })
	);
}

/** SIGINT/SIGTERM close the server gracefully; a second one, or 5 s without closing, exits at once. */
function stopOnSignals(server: SignalingServer): void {
	let stopping = false;
	const stop = (signal: NodeJS.Signals): void => {
		if (stopping) {
			// A second Ctrl-C means "now".
			process.exit(1);
		}
		stopping = true;
		process.stdout.write(`Received ${signal}, shutting down…\n`);
		const force = setTimeout(() => process.exit(1), 5000);
		force.unref();
		server.close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
	const config = await orExit(() => parseConfig(process.argv.slice(2), process.env));
	if (config.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const tls = await orExit(() => loadTls(config.tls));
	const server = createSignalingServer({
		...signalingOptionsFrom(config, tls?.credentials ?? null),
		...collectGarbageOption()
	});
	try {
		await server.ready;
	} catch (error) {
		process.stderr.write(`VanishDrop could not start: ${startupFailure(error, config)}.\n`);
		process.exit(1);
	}
	await printBanner(server, config, tls);
	stopOnSignals(server);
}

await main();
