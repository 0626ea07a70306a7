/**
 * A room's drop sender and receiver, wired to the room: the module the room page loads on its
 * first drop, sent or arriving (`drops-on-demand.ts`). It and everything under it (delivery,
 * sealing, reassembly, the cards' state machines, the receiver's alerts) stay out of the page's
 * own load.
 */
import { DropReceiver } from '../drops/drop-receiver';
import { DropSender } from '../drops/drop-sender';
import {
	badSealText,
	calledBackText,
	overBudgetText,
	refusedContentText,
	stalledText
} from '../text/drop-alerts';
import { describePrepareError } from '../text/prepare-alerts';
import type { DropParts, DropWires } from './drops-on-demand';

export function makeDropParts(w: DropWires): DropParts {
	return { sender: makeDropSender(w), receiver: makeDropReceiver(w), describePrepareError };
}

function makeDropSender(w: DropWires): DropSender {
	return new DropSender({
		clock: w.clock,
		preparation: w.preparation,
		describePrepareError,
		show: (drop) => w.drops.show(drop),
		remove: (drop) => w.drops.remove(drop),
		drops: () => w.drops.list,
		connections: () => w.links().all(),
		connection: (id) => w.links().get(id),
		send: (id, m) => w.send(id, m),
		alert: (text) => w.alert(text),
		newId: () => w.randomId(16)
	});
}

function makeDropReceiver(w: DropWires): DropReceiver {
	return new DropReceiver({
		clock: w.clock,
		show: (drop) => w.drops.show(drop),
		remove: (drop) => w.drops.remove(drop),
		drops: () => w.drops.list,
		send: (id, m) => w.send(id, m),
		isPresent: (id) => w.links().get(id)?.peer.state === 'ready',
		onOverBudget: (from, why, kind) => w.alert(overBudgetText(from.name, why.startsWith('tab'), kind)),
		onStalled: (from, kind) => w.alert(stalledText(from.name, kind)),
		onCalledBack: (from, kind) => w.alert(calledBackText(from.name, kind)),
		onContentRefused: (from, _problem, drop) => w.alert(refusedContentText(from.name, drop.kind)),
		onBadSeal: (from, kind) => w.alert(badSealText(from.name, kind))
	});
}
