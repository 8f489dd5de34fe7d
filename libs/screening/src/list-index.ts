import { nameTokens } from './normalise';
import { listLabel, type ListEntry, type ScreeningListVersion } from './screening-list';
import { MATCH_THRESHOLD, diceFromCounts, nameBigrams } from './similarity';

/** A listed entry close to a name, by the best of its name and aliases. */
export interface ListMatch {
  /** The list (its name, `source`) the entry is on. */
  source: string;
  entry: ListEntry;
  /** The entry's name or alias that matched best. */
  listedName: string;
  /** 1 for names equal once normalised; else their similarity, rounded to 3 decimals. */
  score: number;
}

interface IndexedName {
  source: string;
  entry: ListEntry;
  listedName: string;
  key: string;
}

/** Slack for floating-point bounds: it only ever widens them (more candidates, never fewer). */
const EPSILON = 1e-9;

/**
 * k: how many shared bigrams the filter asks for before a name is scored (see below). More
 * means longer prefixes to walk and fewer names to score. On the list of bench/screening, per
 * name p50/p99: k = 4 0.10/0.50 ms, 5 0.09/0.36 ms, 6 0.10/0.28 ms, 8 0.47/0.89 ms.
 */
const FILTER_SHARED = 6;

/**
 * The loaded lists, compiled for screening: every name and alias normalised once, an exact index
 * by normalised key (score 1) and an inverted index of bigrams for similar names.
 *
 * Similar names are found by prefix filtering, as in set-similarity joins. Each bigram has a rank,
 * rarest first (the fewest listed names hold it), and each name's bigrams are kept in rank order;
 * a query's bigrams that no listed name holds come before all others. Dice ≥ t between names of
 * a and b bigrams needs them to share at least α = ⌈t(a+b)/2⌉, so b lies within
 * [t/(2−t)·a, (2−t)/t·a]. Of two names sharing α or more, the first k shared bigrams (k ≤ α) lie
 * within the first a − α + k of one and the first b − α + k of the other: the others of
 * either before them are not shared, and there are at most a − α (b − α) of those.
 *
 * So each listed name is indexed under its first few bigrams only, by rank, with its size and the
 * bigram's position in it; postings are sorted by size, then position. A query walks its own
 * prefix, and for each size b in range only the postings within the listed names' prefix for
 * (a, b), counting per name the bigrams found in both prefixes. A name is scored, exactly from
 * its bigram ranks, when its count reaches k ({@link FILTER_SHARED}), or α when that is less.
 * Bigrams of the query not in the index come first in its order and are walked for nothing.
 */
export class ScreeningIndex {
  /** The lists compiled, as `PartiesScreened.lists` names them. */
  readonly lists: string[];
  private readonly names: IndexedName[] = [];
  private readonly exact = new Map<string, number[]>();
  /** Bigram → rank: 0 for the bigram the fewest listed names hold. */
  private readonly rankOf = new Map<string, number>();
  /** Name i's bigram ranks, ascending, are `gramRanks[gramStart[i]]` to `gramRanks[gramStart[i + 1] - 1]`. */
  private readonly gramStart: Int32Array;
  private readonly gramRanks: Int32Array;
  /**
   * The names indexed under rank r are `postings[postingStart[r]]` to `postings[postingStart[r + 1] - 1]`,
   * by size, then the position of r in the name, then list order; `postingSize` and `postingAt` hold those two.
   */
  private readonly postingStart: Int32Array;
  private readonly postings: Int32Array;
  private readonly postingSize: Int32Array;
  private readonly postingAt: Int32Array;
  /** Per name, bigrams found in both prefixes by the running query; the names found often enough to score. */
  private readonly counts: Uint16Array;
  private readonly candidates: Int32Array;
  /** Per rank, the query that holds the bigram. */
  private readonly marks: Uint32Array;
  private stamp = 0;
  private readonly filterThreshold: number;

  constructor(
    versions: readonly ScreeningListVersion[],
    private readonly threshold = MATCH_THRESHOLD,
  ) {
    this.lists = versions.map(listLabel).sort();
    // What the final check accepts (`score >= threshold - EPSILON`), for the bounds, less a little more.
    this.filterThreshold = threshold - 2 * EPSILON;
    const nameGrams: string[][] = [];
    for (const version of versions) {
      for (const entry of version.entries) {
        for (const listedName of new Set([entry.name, ...entry.aliases])) {
          const tokens = nameTokens(listedName);
          if (tokens.length === 0) continue;
          const i = this.names.length;
          const key = tokens.join(' ');
          this.names.push({ source: version.source, entry, listedName, key });
          nameGrams.push(nameBigrams(tokens));
          const same = this.exact.get(key);
          if (same) same.push(i);
          else this.exact.set(key, [i]);
        }
      }
    }

    // Ranks: rarest first, ties in order of first appearance (any fixed order would do).
    const holders = new Map<string, number>();
    for (const grams of nameGrams) for (const gram of grams) holders.set(gram, (holders.get(gram) ?? 0) + 1);
    [...holders.keys()]
      .map((gram, first) => ({ gram, first, count: holders.get(gram)! }))
      .sort((a, b) => a.count - b.count || a.first - b.first)
      .forEach(({ gram }, rank) => this.rankOf.set(gram, rank));
    const ranks = this.rankOf.size;

    const count = this.names.length;
    this.gramStart = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) this.gramStart[i + 1] = this.gramStart[i] + nameGrams[i].length;
    this.gramRanks = new Int32Array(this.gramStart[count]);
    const postingLength = new Int32Array(ranks + 1);
    for (let i = 0; i < count; i++) {
      const sorted = Int32Array.from(nameGrams[i], (gram) => this.rankOf.get(gram)!).sort();
      this.gramRanks.set(sorted, this.gramStart[i]);
      for (let p = 0; p < this.indexedPrefix(sorted.length); p++) postingLength[sorted[p] + 1]++;
    }
    this.postingStart = new Int32Array(ranks + 1);
    for (let r = 0; r < ranks; r++) this.postingStart[r + 1] = this.postingStart[r] + postingLength[r + 1];
    const total = this.postingStart[ranks];
    this.postings = new Int32Array(total);
    this.postingSize = new Int32Array(total);
    this.postingAt = new Int32Array(total);
    // Filled position by position, names by size then list order: each posting list comes out sorted.
    const bySize = Array.from({ length: count }, (_, i) => i).sort((a, b) => this.sizeOf(a) - this.sizeOf(b) || a - b);
    const filled = this.postingStart.slice(0, ranks);
    let sizeFrom = 0;
    while (sizeFrom < count) {
      const size = this.sizeOf(bySize[sizeFrom]);
      let sizeTo = sizeFrom;
      while (sizeTo < count && this.sizeOf(bySize[sizeTo]) === size) sizeTo++;
      for (let p = 0; p < this.indexedPrefix(size); p++) {
        for (let n = sizeFrom; n < sizeTo; n++) {
          const i = bySize[n];
          const slot = filled[this.gramRanks[this.gramStart[i] + p]]++;
          this.postings[slot] = i;
          this.postingSize[slot] = size;
          this.postingAt[slot] = p;
        }
      }
      sizeFrom = sizeTo;
    }
    this.counts = new Uint16Array(count);
    this.candidates = new Int32Array(count);
    this.marks = new Uint32Array(ranks);
  }

  get size(): number {
    return this.names.length;
  }

  /** Listed entries whose name or an alias scores at least the threshold against `name`, best first. */
  match(name: string): ListMatch[] {
    const tokens = nameTokens(name);
    if (tokens.length === 0) return [];
    const key = tokens.join(' ');
    const best = new Map<string, { indexed: number; score: number }>();
    const keep = (indexed: number, score: number) => {
      const { source, entry } = this.names[indexed];
      const id = `${source}\n${entry.entryId}`;
      const known = best.get(id);
      // On equal scores, the entry's first name (its name, then its aliases in order).
      if (!known || score > known.score || (score === known.score && indexed < known.indexed)) best.set(id, { indexed, score });
    };
    for (const i of this.exact.get(key) ?? []) keep(i, 1);

    const grams = nameBigrams(tokens);
    const size = grams.length;
    const stamp = this.nextStamp();
    const known: number[] = [];
    for (const gram of grams) {
      const rank = this.rankOf.get(gram);
      if (rank === undefined) continue;
      known.push(rank);
      this.marks[rank] = stamp;
    }
    known.sort((a, b) => a - b);
    const unknown = size - known.length;
    const t = this.filterThreshold;
    const minSize = (t / (2 - t)) * size - EPSILON;
    const maxSize = ((2 - t) / t) * size + EPSILON;

    let candidates = 0;
    for (let p = 0; p < known.length; p++) {
      const at = unknown + p;
      const end = this.postingStart[known[p] + 1];
      let from = this.firstOfSize(this.postingStart[known[p]], end, minSize);
      while (from < end) {
        const otherSize = this.postingSize[from];
        if (otherSize > maxSize) break;
        const shared = this.minShared(size, otherSize);
        const wanted = Math.min(FILTER_SHARED, shared);
        // Beyond the query's prefix for this size, and so for every larger one (α grows with b).
        if (at >= size - shared + wanted) break;
        const limit = otherSize - shared + wanted;
        for (; from < end && this.postingSize[from] === otherSize && this.postingAt[from] < limit; from++) {
          const i = this.postings[from];
          if (++this.counts[i] === wanted) this.candidates[candidates++] = i;
        }
        from = this.firstOfSize(from, end, otherSize + 1);
      }
    }
    this.counts.fill(0);

    for (let n = 0; n < candidates; n++) {
      const i = this.candidates[n];
      const otherSize = this.sizeOf(i);
      let shared = 0;
      for (let g = this.gramStart[i]; g < this.gramStart[i + 1]; g++) if (this.marks[this.gramRanks[g]] === stamp) shared++;
      const score = diceFromCounts(shared, size, otherSize);
      // Different names never score 1 (their bigram sets may still coincide, `abab`/`aba`).
      if (score >= this.threshold - EPSILON && this.names[i].key !== key) keep(i, Math.min(Math.round(score * 1000) / 1000, 0.999));
    }

    return [...best.values()]
      .sort((a, b) => b.score - a.score || this.names[a.indexed].listedName.localeCompare(this.names[b.indexed].listedName) || a.indexed - b.indexed)
      .map(({ indexed, score }) => {
        const { source, entry, listedName } = this.names[indexed];
        return { source, entry, listedName, score };
      });
  }

  /** How many bigrams a name holds. */
  private sizeOf(i: number): number {
    return this.gramStart[i + 1] - this.gramStart[i];
  }

  /** α: names of `a` and `b` bigrams scoring at least the threshold share at least this many (never more than the truth). */
  private minShared(a: number, b: number): number {
    return Math.max(1, Math.ceil((this.filterThreshold * (a + b)) / 2 - EPSILON));
  }

  /**
   * How many of its rarest bigrams a listed name of `size` is indexed under: b − α + k for the
   * smallest α any query can have with it (a query no shorter than t/(2−t)·b).
   */
  private indexedPrefix(size: number): number {
    const t = this.filterThreshold;
    const shared = Math.max(1, Math.ceil((t * size) / (2 - t) - EPSILON));
    return Math.min(size, size - shared + FILTER_SHARED);
  }

  /** The first posting in [from, to) of a name with at least `minSize` bigrams. */
  private firstOfSize(from: number, to: number, minSize: number): number {
    while (from < to) {
      const middle = (from + to) >>> 1;
      if (this.postingSize[middle] < minSize) from = middle + 1;
      else to = middle;
    }
    return from;
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.marks.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}
