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

/** Slack for floating-point bounds: always widens them, never lets a name through that fails. */
const EPSILON = 1e-9;

/**
 * The loaded lists, compiled for screening: every name and alias normalised once, an exact index
 * by normalised key (score 1) and a prefix-filtered inverted index for similar names.
 *
 * Similar names are found by prefix filtering for set-similarity joins. Dice ≥ t between bigram
 * sets A and B needs |A ∩ B| ≥ t(|A|+|B|)/2, hence |B| within [t/(2−t)·|A|, (2−t)/t·|A|] and
 * |A ∩ B| ≥ m(A) = ⌈t·|A|/(2−t)⌉ whatever B is. Every bigram has a rank, rarest first (fewest
 * listed names hold it); each name's bigrams are kept in rank order. Of two names sharing at
 * least m bigrams, the lowest-ranked shared bigram lies within the first |A| − m(A) + 1 of A and
 * within the first |B| − m(B) + 1 of B. So the index holds each listed name under the bigrams of
 * its own prefix only (few, and rare), a query probes the postings of its own prefix, and only
 * names whose size is in range (postings are sorted by size) are scored, exactly, from their
 * bigram ranks. Bigrams no listed name has rank before all others in a query: they use up its
 * prefix, as no candidate can share them.
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
  /** The names holding bigram r in their prefix, by size then list order: `postings[postingStart[r]]` on. */
  private readonly postingStart: Int32Array;
  private readonly postings: Int32Array;
  /** Per name, the query that last marked it as seen; per rank, the query that holds the bigram. */
  private readonly seen: Uint32Array;
  private readonly marks: Uint32Array;
  private stamp = 0;

  constructor(
    versions: readonly ScreeningListVersion[],
    private readonly threshold = MATCH_THRESHOLD,
  ) {
    this.lists = versions.map(listLabel).sort();
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

    const count = this.names.length;
    this.gramStart = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) this.gramStart[i + 1] = this.gramStart[i] + nameGrams[i].length;
    this.gramRanks = new Int32Array(this.gramStart[count]);
    const postingSizes = new Int32Array(this.rankOf.size + 1);
    for (let i = 0; i < count; i++) {
      const ranks = Int32Array.from(nameGrams[i], (gram) => this.rankOf.get(gram)!).sort();
      this.gramRanks.set(ranks, this.gramStart[i]);
      for (let p = 0; p < this.indexedPrefix(ranks.length); p++) postingSizes[ranks[p] + 1]++;
    }
    this.postingStart = new Int32Array(this.rankOf.size + 1);
    for (let r = 0; r < this.rankOf.size; r++) this.postingStart[r + 1] = this.postingStart[r] + postingSizes[r + 1];
    this.postings = new Int32Array(this.postingStart[this.rankOf.size]);
    // Names by size, then list order: each posting list comes out sorted the same way.
    const bySize = Array.from({ length: count }, (_, i) => i).sort((a, b) => this.sizeOf(a) - this.sizeOf(b) || a - b);
    const filled = this.postingStart.slice(0, this.rankOf.size);
    for (const i of bySize) {
      for (let p = 0; p < this.indexedPrefix(this.sizeOf(i)); p++) this.postings[filled[this.gramRanks[this.gramStart[i] + p]]++] = i;
    }
    this.seen = new Uint32Array(count);
    this.marks = new Uint32Array(this.rankOf.size);
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

    const t = this.threshold;
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
    // The prefix: bigrams no listed name holds come first and are probed for nothing.
    const probed = Math.min(known.length, this.queryPrefix(size) - (size - known.length));
    const minSize = (t / (2 - t)) * size - EPSILON;
    const maxSize = ((2 - t) / t) * size + EPSILON;
    for (let p = 0; p < probed; p++) {
      const end = this.postingStart[known[p] + 1];
      let at = this.firstOfSize(this.postingStart[known[p]], end, minSize);
      for (; at < end; at++) {
        const i = this.postings[at];
        const otherSize = this.sizeOf(i);
        if (otherSize > maxSize) break;
        if (this.seen[i] === stamp) continue;
        this.seen[i] = stamp;
        let shared = 0;
        for (let g = this.gramStart[i]; g < this.gramStart[i + 1]; g++) if (this.marks[this.gramRanks[g]] === stamp) shared++;
        const score = diceFromCounts(shared, size, otherSize);
        // Different names never score 1 (their bigram sets may still coincide, `abab`/`aba`).
        if (score >= t - EPSILON && this.names[i].key !== key) keep(i, Math.min(Math.round(score * 1000) / 1000, 0.999));
      }
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

  /** |A| − ⌈t·|A|/(2−t)⌉ + 1: a query of `size` bigrams shares one of these with any name close enough. */
  private queryPrefix(size: number): number {
    const t = this.threshold;
    return size - Math.max(1, Math.ceil((t * size) / (2 - t) - EPSILON)) + 1;
  }

  /** The same bound from the listed name's side: it is indexed under that many of its rarest bigrams. */
  private indexedPrefix(size: number): number {
    return this.queryPrefix(size);
  }

  /** The first posting in [from, to) of a name with at least `minSize` bigrams. */
  private firstOfSize(from: number, to: number, minSize: number): number {
    while (from < to) {
      const middle = (from + to) >>> 1;
      if (this.sizeOf(this.postings[middle]) < minSize) from = middle + 1;
      else to = middle;
    }
    return from;
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.marks.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}
