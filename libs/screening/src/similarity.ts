/**
 * How close two normalised names are (R-REV-7): the Sørensen–Dice coefficient of their sets of
 * character bigrams, each word padded with a space on both sides (`optic` gives ` o`, `op`,
 * `pt`, `ti`, `ic`, `c `). A set of bigrams ignores word order by construction, one wrong letter
 * costs at most two bigrams of the word, and an extra or missing word lowers the score in
 * proportion to its length. The score can be computed from an inverted index by counting shared
 * bigrams alone (see list-index.ts), which is what makes a 20,000-entry list fast.
 *
 * The threshold: {@link MATCH_THRESHOLD}.
 */

/**
 * Names scoring at least 0.75 are reported as hits. Measured on the pairs in similarity.spec.ts:
 * one wrong or missing letter in a two-word name scores 0.85–0.92 (more in longer names), a
 * swapped pair of letters 0.77, transliteration variants (`Mohammad`/`Mohammed`,
 * `Qaida`/`Qaeda`) 0.78–0.88, a dropped trailing word (`Sharif University [of Technology]`)
 * 0.75–0.80; names sharing only common words score below it (`Acme Trading`/`Apex Trading` 0.69,
 * `Shenzhen Kaifa Technology`/`Shenzhen Goodix Technology` 0.74), unrelated names far below.
 * A reviewer dismisses a false match with a reason, but a missed one is never seen: the
 * threshold sits at the low end of what still keeps shared-common-word pairs out.
 */
export const MATCH_THRESHOLD = 0.75;

/** The distinct padded bigrams of a name's tokens. */
export function nameBigrams(tokens: readonly string[]): string[] {
  const grams = new Set<string>();
  for (const token of tokens) {
    const chars = [' ', ...token, ' '];
    for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i] + chars[i + 1]);
  }
  return [...grams];
}

/** Dice coefficient from the sizes of two bigram sets and how many they share. */
export function diceFromCounts(shared: number, sizeA: number, sizeB: number): number {
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB);
}

/** The similarity of two names' token lists, 0 to 1: 1 when their normalised tokens are equal. */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.join(' ') === b.join(' ')) return 1;
  const gramsA = nameBigrams(a);
  const gramsB = new Set(nameBigrams(b));
  const shared = gramsA.filter((gram) => gramsB.has(gram)).length;
  // Different names never score 1, even when their bigram sets happen to coincide (`abab`/`aba`).
  return Math.min(diceFromCounts(shared, gramsA.length, gramsB.size), 0.99);
}
