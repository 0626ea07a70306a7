import WORDS from './code-words.txt?raw';

/**
 * The words of a code room's code: EFF's short word list 1 (Joseph Bonneau, EFF, 2016;
 * https://www.eff.org/dice), made to be said and typed: short (3 to 5 letters), common words.
 * These are its 1,295 entries of plain letters, in its order. Two of them
 * carry log2(1,295²) ≈ 20.7 bits: a wrong guess at a code succeeds once in 1,677,025.
 *
 * Loaded only with the PAKE, when a code room starts (it is not part of the home page). The list
 * is in `code-words.txt`, as text: it is data, bundled into this module as a string.
 */
export const CODE_WORDS: readonly string[] = WORDS.trim().split(/\s+/);
