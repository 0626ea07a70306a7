import {
	createServer,
	type IncomingMessage,
	type RequestListener,
	type Server,
	type ServerResponse
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { DEFAULTS } from '../defaults';
import { collectWhenQuiet } from './quiet-heap';
import { attachSignaling, type HubOptions, type SignalingStats } from '../hub/attach-signaling';
import type { RetainedCounts } from '../rooms/room-backend';
import { capConnectionsPerAddress } from './connection-limits';
import { hostAllowlist } from './host-allowlist';
import { reachableLanUrls } from './lan-addresses';
import { requestHandler } from './request-handler';
import { isWorkerScript, securityHeaders } from './security-headers';
import { createStaticSite } from './static-site';
import type { TlsCredentials } from './tls-certificate';

export { attachSignaling, isAllowedOrigin } from '../hub/attach-signaling';
export type { AttachOptions, HubOptions, SignalingHub, SignalingStats } from '../hub/attach-signaling';
export type { TlsCredentials } from './tls-certificate';

/** `DEFAULTS.staticDir` (`build/` at the root), under the name tests and benches import. */
export const DEFAULT_STATIC_DIR = DEFAULTS.staticDir;

export interface SignalingOptions extends HubOptions {
	/** Default `0.0.0.0`. */
	host?: string;
	/** Default 3000; 0 picks a free port. */
	port?: number;
	/** The built SPA. Default `build/` at the repository root. */
	staticDir?: string;
	/**
	 * Runs for every request except `GET /healthz`, before the method check and static
	 * files; return true when it answered. Security headers are already set.
	 */
	extraHttp?: (req: IncomingMessage, res: ServerResponse) => boolean;
	/**
	 * Serve HTTPS, and WSS at the same path, on the same port: PEM certificate (chain) and key,
	 * e.g. from `readTlsFiles` or `ensureSelfSignedCertificate`. Default plain HTTP.
	 */
	tls?: TlsCredentials;
	/** A request whose headers are not all in by then is cut off. Default 10 s. */
	headersTimeoutMs?: number;
	/** A request not fully received by then is cut off (not an upgraded WebSocket). Default 30 s. */
	requestTimeoutMs?: number;
	/** TCP connections at once, WebSockets included; 0 turns the cap off. Default 10 000. */
	maxConnections?: number;
	/**
	 * Plain HTTP connections at once per client address; 0 turns the cap off, and so does
	 * `trustProxy` (every connection comes from the proxy, which should cap them). Default 64.
	 */
	maxHttpConnectionsPerIp?: number;
	/**
	 * A full garbage collection (`globalThis.gc` under `--expose-gc`, as `npm start` runs the
	 * server): given, it runs once the server goes quiet after a busy spell (quiet-heap.ts).
	 */
	collectGarbage?: () => void;
}

export interface SignalingServer {
	/** Resolves once listening; rejects if the port cannot be bound. */
	ready: Promise<void>;
	address(): { host: string; port: number };
	/** `https` when started with `tls`: the scheme of the page (and `wss` of the socket). */
	protocol: 'http' | 'https';
	stats(): SignalingStats;
	/** What the hub keeps in memory, by kind (`SignalingHub.retained`). */
	retained(): RetainedCounts;
	close(): Promise<void>;
	httpServer: Server | HttpsServer;
}

type Headers = (req: IncomingMessage) => Record<string, string>;

/** The Node server with its timeouts and connection caps. */
function createNodeServer(options: SignalingOptions, handler: RequestListener): Server | HttpsServer {
	const headersTimeout = options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs;
	const timeouts = {
		headersTimeout,
		requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs),
		connectionsCheckingInterval: Math.min(DEFAULTS.connectionsCheckingIntervalMs, headersTimeout)
	};
	const server = options.tls
		? createHttpsServer(
				{ ...timeouts, cert: options.tls.cert, key: options.tls.key, handshakeTimeout: headersTimeout },
				handler
			)
		: createServer(timeouts, handler);
	const maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
	if (maxConnections > 0) server.maxConnections = maxConnections;
	const perAddress = options.maxHttpConnectionsPerIp ?? DEFAULTS.maxHttpConnectionsPerIp;
	if (!options.trustProxy) capConnectionsPerAddress(server, perAddress);
	return server;
}

/** Every join gets the LAN URLs; looking up interfaces each time is work anyone could trigger. */
const LAN_URLS_CACHE_MS = 10_000;

/** `compute`, re-run at most once per `ms`. */
function cachedFor<T>(ms: number, compute: () => T): () => T {
	let cached: { value: T; until: number } | null = null;
	return () => {
		const now = performance.now();
		if (!cached || now >= cached.until) cached = { value: compute(), until: now + ms };
		return cached.value;
	};
}

function listen(httpServer: Server | HttpsServer, port: number, host: string): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(port, host, () => {
			httpServer.off('error', reject);
			resolve();
		});
	});
}

/**
 * What the hub keeps after its clients left, until it is swept (id reservations, rate buckets,
 * rooms): what the quiet collection waits to see shrink. Connections and memberships are left out,
 * since a crowd draining without new arrivals releases those and only frees.
 */
const SWEPT_LATER = ['reservations', 'rateBuckets', 'rooms', 'codeRooms', 'nearbyGroups'] as const;

function sweptLater(retained: Record<string, number>): number {
	return SWEPT_LATER.reduce((sum, kind) => sum + (retained[kind] ?? 0), 0);
}

/** The production server: the SPA, `/healthz` and the `/ws` signaling endpoint on one port. */
export function createSignalingServer(options: SignalingOptions = {}): SignalingServer {
	const host = options.host ?? DEFAULTS.host;
	const site = createStaticSite(options.staticDir ?? DEFAULTS.staticDir);
	const protocol = options.tls ? 'https' : 'http';
	const responseHeaders: Headers = (req) =>
		securityHeaders(req.headers.host, site.scriptHashes(), {
			https: protocol === 'https',
			wasm: isWorkerScript(req.url)
		});
	const isAllowedHost = hostAllowlist({
		allowedHosts: options.allowedHosts ?? [],
		allowedOrigins: options.allowedOrigins ?? []
	});
	const handleRequest = requestHandler({
		site,
		responseHeaders,
		hub: () => hub,
		isAllowedHost,
		trustProxy: options.trustProxy ?? false,
		...(options.extraHttp ? { extraHttp: options.extraHttp } : {})
	});
	const httpServer = createNodeServer(options, handleRequest);

	function address(): { host: string; port: number } {
		const info = httpServer.address();
		if (info === null || typeof info === 'string') throw new Error('The server is not listening.');
		return { host: info.address, port: info.port };
	}

	const hub = attachSignaling(httpServer, {
		...options,
		exclusiveUpgrades: true,
		responseHeaders,
		lanUrls:
			options.lanUrls ?? cachedFor(LAN_URLS_CACHE_MS, () => reachableLanUrls(host, protocol, address().port))
	});
	const stopQuietHeap = options.collectGarbage
		? collectWhenQuiet({
				collect: options.collectGarbage,
				accepted: () => hub.accepted(),
				received: () => hub.received(),
				retained: () => sweptLater(hub.retained())
			})
		: () => undefined;
	const listening = listen(httpServer, options.port ?? DEFAULTS.port, host);
	const ready = Promise.all([listening, hub.ready]).then(() => {});
	// Callers that never await `ready` should not crash the process with an unhandled rejection.
	ready.catch(() => {});

	let closing: Promise<void> | null = null;
	async function close(): Promise<void> {
		stopQuietHeap();
		await hub.close();
		await new Promise<void>((resolve) => {
			if (!httpServer.listening) return resolve();
			httpServer.close(() => resolve());
			httpServer.closeAllConnections();
		});
	}
	return {
		ready,
		address,
		protocol,
		stats: () => hub.stats(),
		retained: () => hub.retained(),
		close: () => (closing ??= close()),
		httpServer
	};
}
