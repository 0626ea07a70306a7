/** 100 MP decodes to 400 MB of RGBA: about what a phone's tab survives. */
export const MAX_PIXELS = 100_000_000;
/** The longest side any photo may have, sent or received. */
export const MAX_SIDE = 20_000;
