import { m } from '../paraglide/messages';

// What the person reads when a pairing ends without a room. Every one of these follows an ask or
// an answer, so they load with the pairing's code (pairing-code.ts), not with the home page.

export const noAnswer = (name: string): string => m.nearby_no_answer({ name });
export const declined = (name: string): string => m.nearby_declined({ name });
export const gone = (name: string): string => m.nearby_gone({ name });
export const rateLimited = (): string => m.nearby_rate_limited();
export const pairFailed = (name: string): string => m.nearby_pair_failed({ name });
