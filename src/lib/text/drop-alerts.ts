import { m } from '../paraglide/messages';
import type { DropKind } from '../protocol/peer-messages';

// What a receiving tab says of a drop it could not take: loaded with the drop code
// (room/room-drop-parts.ts), not with the room page.

type NameText = (inputs: { name: string }) => string;

/** One message per kind of drop: the kind's noun changes the words around it in many languages. */
const FULL: Record<DropKind, NameText> = {
	photo: m.alert_full_photo,
	text: m.alert_full_text,
	video: m.alert_full_video
};
const TOO_MANY: Record<DropKind, NameText> = {
	photo: m.alert_too_many_photo,
	text: m.alert_too_many_text,
	video: m.alert_too_many_video
};
const STALLED: Record<DropKind, NameText> = {
	photo: m.alert_stalled_photo,
	text: m.alert_stalled_text,
	video: m.alert_stalled_video
};
const REFUSED: Record<DropKind, NameText> = {
	photo: m.alert_refused_photo,
	text: m.alert_refused_text,
	video: m.alert_refused_video
};
const BAD_SEAL: Record<DropKind, NameText> = {
	photo: m.alert_bad_seal_photo,
	text: m.alert_bad_seal_text,
	video: m.alert_bad_seal_video
};

/** A drop refused because this device holds enough unopened drops already. */
export function overBudgetText(name: string, fromEveryone: boolean, kind: DropKind): string {
	return (fromEveryone ? FULL : TOO_MANY)[kind]({ name });
}

export function stalledText(name: string, kind: DropKind): string {
	return STALLED[kind]({ name });
}

const CALLED_BACK: Record<DropKind, NameText> = {
	photo: m.alert_called_back_photo,
	text: m.alert_called_back_text,
	video: m.alert_called_back_video
};

export function calledBackText(name: string, kind: DropKind): string {
	return CALLED_BACK[kind]({ name });
}

export function refusedContentText(name: string, kind: DropKind): string {
	return REFUSED[kind]({ name });
}

export function badSealText(name: string, kind: DropKind): string {
	return BAD_SEAL[kind]({ name });
}
