/**
 * The version of the protocol this build's pages speak, to the server and between devices:
 * signaling and peer messages, chunk frames, the seal. Bump it with any change a page of the
 * version before could not read. Every join names it, and the server refuses a join of any other
 * version (`other-version`): devices of two versions never meet (each would take the other's
 * messages for garbage and cut it off as hostile), and the older page says to reload instead.
 * Pages from before joins named a version count as version 0.
 */
export const PROTOCOL_VERSION = 1;
