/**
 * What the home page loads when a pairing starts (an ask, or an answer to one): the key exchange,
 * and the notices a pairing can end with.
 */
export { pairedRoomPath, pairedRoomSecret, pairingKeys } from './pairing-secret';
export * as notices from './pairing-notices';
