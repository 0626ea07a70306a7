import { PLAIN_CHUNK_BYTES } from '../../src/lib/crypto/drop-sealing';

/** Plain sizes at the edges of sealed chunks: none, one byte, around one chunk, a few and some. */
export const CHUNK_EDGE_SIZES = [
	0,
	1,
	PLAIN_CHUNK_BYTES - 1,
	PLAIN_CHUNK_BYTES,
	PLAIN_CHUNK_BYTES + 1,
	3 * PLAIN_CHUNK_BYTES + 17
] as const;
