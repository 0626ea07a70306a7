import type { RateLimit } from '../hub/token-bucket';
import { DEFAULTS } from '../defaults';

/** A refill rate as the seconds per token the usage text shows. */
function seconds(limit: RateLimit): number {
	return Math.round((1 / limit.perSecond) * 100) / 100;
}

/** The `--help` text; every default in it comes from `DEFAULTS`. */
export const USAGE = `Usage: npm start -- [options]   (the built server alone: node build-server/main.mjs [options])

Options (flags win over environment variables):
  --host <addr>          HOST             interface to listen on (default ${DEFAULTS.host})
  --port <n>             PORT             port, 0 for any free one (default ${DEFAULTS.port})
  --static-dir <dir>     STATIC_DIR       the built app (default build/)
                         ICE_SERVERS      JSON array of {urls, username?, credential?}
  --stun-urls <list>     STUN_URLS        comma-separated stun: URLs handed to browsers
  --turn-urls <list>     TURN_URLS        comma-separated turn:/turns: URLs of a coturn relay,
                                          e.g. turn:turn.example.org:3478?transport=udp,
                                          turns:turn.example.org:5349
                         TURN_SECRET      coturn's static-auth-secret (use-auth-secret): each
                                          joiner gets its own credential derived from it; the
                                          secret itself never leaves this server. Environment
                                          only, so that it does not show in the process list.
  --turn-ttl <seconds>   TURN_TTL         how long a TURN credential stays valid (default ${DEFAULTS.turnTtlSeconds})
                         ALLOWED_ORIGINS  comma-separated extra origins for /ws (the page's
                                          own origin, Origin host = Host, is always allowed)
                         ALLOWED_HOSTS    comma-separated host names this server answers to
                                          (HTTP and /ws; others get 421, against DNS
                                          rebinding). localhost, loopback, this machine's
                                          addresses, names no public DNS serves (mypc,
                                          mypc.local, .lan, .home.arpa, .internal) and the
                                          hosts of ALLOWED_ORIGINS always are; behind a
                                          proxy, list the public domain here
  --trust-proxy          TRUST_PROXY=1    behind exactly one reverse proxy: take the client
                                          address from the right-most X-Forwarded-For entry
                                          (default off: the socket's address). The proxy must
                                          pass the Host header through unchanged.
  --no-lan               ADVERTISE_LAN=0  do not tell clients this machine's LAN URLs
  --qr-room                               print a new private room's link and QR code instead
                                          of the app's, so a phone opens the room directly
  -h, --help                              show this help

HTTPS and WSS, on the same port (browsers keep some features, such as installing the
app, to secure pages):
  --tls-cert <file>      TLS_CERT         PEM certificate (chain); needs TLS_KEY too
  --tls-key <file>       TLS_KEY          PEM private key of that certificate
  --https                HTTPS=1          without TLS_CERT/TLS_KEY: a self-signed certificate
                                          in .certs/, made with openssl on first run for
                                          localhost, 127.0.0.1 and this machine's LAN IPv4
                                          addresses, and made again when an address is new or
                                          it nears expiry. Browsers warn once per certificate.

Several processes (behind one reverse proxy, no sticky sessions needed):
  --redis-url <url>      REDIS_URL        redis://[user:password@]host:port[/db]: rooms, signals
                                          and join limits are shared by every process on it.
                                          Prefer the variable when the URL has a password.
  --redis-prefix <p>     REDIS_PREFIX     prefix of its keys and channels (default ${DEFAULTS.redisPrefix})
                         REDIS_KEY_SECRET  required with Redis, the same on every process: the
                                          key of the HMACs that name rooms and client addresses
                                          in Redis keys (16+ characters, e.g. openssl rand
                                          -base64 32). Environment only.
                         REDIS_PRESENCE_TTL  seconds after which a process that stopped
                                          renewing its presence is dropped from its rooms and
                                          its peers are announced as left (default ${DEFAULTS.presenceTtlMs / 1000})

Limits (0 turns a limit off):
  MAX_ROOMS               rooms open at once on this process (default ${DEFAULTS.maxRooms})
  MAX_CONNECTIONS         TCP connections at once, WebSockets included (default ${DEFAULTS.maxConnections})
  GLOBAL_GUESS_BURST      public codes tried by all addresses together (default ${DEFAULTS.globalGuessRateLimit.burst})
  GLOBAL_GUESS_REFILL_SECONDS  then one more try per this many seconds (default ${seconds(DEFAULTS.globalGuessRateLimit)})
Per client address (per /64 for IPv6):
  MAX_CONNECTIONS_PER_IP  open sockets (default ${DEFAULTS.maxConnectionsPerIp})
  MAX_HTTP_CONNECTIONS_PER_IP  plain HTTP connections, not counting WebSockets
                          (default ${DEFAULTS.maxHttpConnectionsPerIp}; not applied with TRUST_PROXY)
  JOIN_BURST              joins at once (default ${DEFAULTS.joinRateLimit.burst})
  JOIN_REFILL_SECONDS     then one more join per this many seconds (default ${seconds(DEFAULTS.joinRateLimit)})
  GUESS_BURST             public codes tried at once, live or not; per /48 for IPv6
                          (default ${DEFAULTS.publicGuessRateLimit.burst})
  GUESS_REFILL_SECONDS    then one more try per this many seconds (default ${seconds(DEFAULTS.publicGuessRateLimit)})
Without TRUST_PROXY, everyone behind a reverse proxy shares its address: raise these there.`;
