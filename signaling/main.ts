import { ConfigError, USAGE, parseConfig, type ServerConfig } from './config';
import { reachableLanUrls } from './lan-addresses';
import { createSignalingServer } from './server';

function readConfig(): ServerConfig {
	try {
		return parseConfig(process.argv.slice(2), process.env);
	} catch (error) {
		if (error instanceof ConfigError) {
			process.stderr.write(`${error.message}\n`);
			process.exit(2);
		}
		throw error;
	}
}

async function main(): Promise<void> {
	const config = readConfig();
	if (config.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}

	const server = createSignalingServer({
		host: config.host,
		port: config.port,
		staticDir: config.staticDir,
		iceServers: config.iceServers,
		allowedOrigins: config.allowedOrigins,
		maxConnectionsPerIp: config.maxConnectionsPerIp,
		maxRooms: config.maxRooms,
		joinRateLimit: config.joinRateLimit,
		publicGuessRateLimit: config.publicGuessRateLimit,
		trustProxy: config.trustProxy,
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
	const network = reachableLanUrls(config.host, 'http', port);
	const lines = ['VanishDrop is running', `  Local:   http://localhost:${port}`];
	if (network.length === 0) lines.push('  Network: no LAN address found (or bound to loopback)');
	for (const url of network) lines.push(`  Network: ${url}`);
	process.stdout.write(`${lines.join('\n')}\n`);

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
