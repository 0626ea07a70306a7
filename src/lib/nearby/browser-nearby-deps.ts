import { systemClock } from '../time/clock';
import type { NearbyDeps } from './nearby-session.svelte';

const VISIBLE_KEY = 'vanishdrop.nearby-visible';

/** The person's choice outlives the tab: a device hidden once stays hidden. */
const visibility: NearbyDeps['visibility'] = {
	load() {
		try {
			const saved = localStorage.getItem(VISIBLE_KEY);
			return saved === 'true' ? true : saved === 'false' ? false : null;
		} catch {
			return null;
		}
	},
	save(visible) {
		try {
			localStorage.setItem(VISIBLE_KEY, String(visible));
		} catch {
			// Storage may be off: the choice then lasts as long as the page.
		}
	}
};

/** The real collaborators: the page's own server's `/ws`, the system clock, a lazy curve. */
export function browserNearbyDeps(location: Location, enter: NearbyDeps['enter']): NearbyDeps {
	const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
	return {
		connect(events) {
			const ws = new WebSocket(url);
			ws.onopen = () => events.open();
			ws.onmessage = (e) => {
				if (typeof e.data === 'string') events.message(e.data);
			};
			ws.onclose = () => events.closed();
			return {
				send: (text) => {
					if (ws.readyState === WebSocket.OPEN) ws.send(text);
				},
				close: () => {
					ws.onclose = null;
					ws.close();
				}
			};
		},
		clock: systemClock,
		loadPairing: () => import('./pairing-code'),
		enter,
		visibility
	};
}
