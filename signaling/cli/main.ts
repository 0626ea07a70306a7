import { relative } from 'node:path';
import { ConfigError, USAGE, parseConfig, type ServerConfig } from '../config/parse-config';
import { reachableLanUrls } from '../http/lan-addresses';
import { newRoomInvitation } from './room-invitation';
import { createSignalingServer } from '../http/app-server';
import { qrTargetFor, renderBanner } from './terminal-banner';
import { ensureSelfSignedCertificate, readTlsFiles, type TlsCredentials } from '../http/tls-certificate';

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

interface LoadedTls {
	credentials: TlsCredentials;
	/** Lines for the banner about the certificate. */
	notes: string[];
}

async function loadTls(config: ServerConfig): Promise<LoadedTls | null> {
	const source = config.tls;
	if (source === null) return null;
	if (source.kind === 'files')
		return { credentials: readTlsFiles(source.certFile, source.keyFile), notes: [] };
	const generated = await ensureSelfSignedCertificate();
	const where = relative(process.cwd(), generated.certFile) || generated.certFile;
	const notes = [
		generated.created
			? `  TLS:     created a self-signed certificate for localhost, ${generated.ipAddresses.join(', ')} (${where})`
			: `  TLS:     self-signed certificate ${where}`,
		'           browsers warn once per device: choose to continue to the site'
	];
	return { credentials: { cert: generated.cert, key: generated.key }, notes };
}

async function main(): Promise<void> {
	const config = await orExit(() => parseConfig(process.argv.slice(2), process.env));
	if (config.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const tls = await orExit(() => loadTls(config));

	const server = createSignalingServer({
		host: config.host,
		port: config.port,
		staticDir: config.staticDir,
		iceServers:
			config.stunUrls.length > 0 ? [...config.iceServers, { urls: config.stunUrls }] : config.iceServers,
		turn: config.turn,
		allowedOrigins: config.allowedOrigins,
		maxConnectionsPerIp: config.maxConnectionsPerIp,
		maxRooms: config.maxRooms,
		joinRateLimit: config.joinRateLimit,
		publicGuessRateLimit: config.publicGuessRateLimit,
		trustProxy: config.trustProxy,
		redis: config.redis,
		...(tls ? { tls: tls.credentials } : {}),
		...(config.advertiseLan ? {} : { lanUrls: [] })
	});

	try {
		await server.ready;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'EADDRINUSE'
				? `port ${config.port} is already in use`
				: code === 'EADDRNOTAVAIL'
					? `${config.host} is not an address of this machine`
					: error instanceof Error
						? error.message
						: String(error);
		process.stderr.write(`VanishDrop could not start: ${reason}.\n`);
		process.exit(1);
	}

	const { port } = server.address();
	const localUrl = `${server.protocol}://localhost:${port}`;
	const networkUrls = reachableLanUrls(config.host, server.protocol, port);
	const appUrl = qrTargetFor(localUrl, networkUrls);
	// The room's secret goes to stdout only: never to the logger.
	const qrTarget = config.qrRoom ? newRoomInvitation(appUrl) : appUrl;
	process.stdout.write(
		await renderBanner({ localUrl, networkUrls, qrTarget, room: config.qrRoom, notes: tls?.notes ?? [] })
	);

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

await main();
