import type { Clock } from '../time/clock';
import { afterPathLost, sameSession } from './link-recovery';
import type { LinkPath, LinkPort } from './link-port';
import type { PeerConnection } from './peer-connection';

export interface PathRecoveryOptions {
	clock: Clock;
	/** The link is given up: a fresh one is tried, as after any lost link. */
	newLink(conn: PeerConnection, link: LinkPort): void;
	/** The path came back under other certificates than the ones verified. */
	unverified(conn: PeerConnection): void;
}

/**
 * A ready peer whose path went away (`link-recovery.ts` has the rules): it shows as reconnecting,
 * the side that offered restarts ICE on the same link until the path is back, and past
 * `KEEP_INTERRUPTED_LINK_MS` the link is given up for a fresh one.
 */
export class PathRecovery {
	readonly #o: PathRecoveryOptions;

	constructor(options: PathRecoveryOptions) {
		this.#o = options;
	}

	onPath(conn: PeerConnection, link: LinkPort, path: LinkPath): void {
		if (conn.link !== link || conn.peer.state !== 'ready') return;
		if (path === 'interrupted') {
			if (conn.pathLostAt !== null) return;
			conn.pathLostAt = this.#o.clock.monotonic();
			conn.peer.reconnecting = true;
			return this.#look(conn, link);
		}
		if (conn.pathLostAt === null) return;
		conn.pathLostAt = null;
		conn.clearPathWatch();
		void link.fingerprints().then(
			(now) => this.#restored(conn, link, now),
			() => this.#restored(conn, link, null)
		);
	}

	#restored(conn: PeerConnection, link: LinkPort, now: Parameters<typeof sameSession>[1]): void {
		if (conn.link !== link || conn.pathLostAt !== null) return;
		if (!sameSession(conn.verifiedFingerprints, now)) return this.#o.unverified(conn);
		conn.peer.reconnecting = false;
	}

	#look(conn: PeerConnection, link: LinkPort): void {
		const lostAt = conn.pathLostAt;
		if (conn.link !== link || lostAt === null) return;
		const step = afterPathLost(this.#o.clock.monotonic() - lostAt, link.role);
		if (step.do === 'new-link') return this.#o.newLink(conn, link);
		if (step.do === 'restart-ice') link.restartIce();
		conn.watchPath(step.do === 'wait' ? step.ms : step.againInMs, () => this.#look(conn, link));
	}
}
