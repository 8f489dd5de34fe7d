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
  grams: number;
}

/**
 * The loaded lists, compiled for screening: every name and alias normalised once, an exact index
 * by normalised key (score 1) and an inverted index from bigram to the names holding it. A query
 * counts, per listed name, the bigrams it shares with the query by walking the query's postings:
 * that count and the two set sizes give the Dice score exactly (similarity.ts), so no listed name
 * is compared one by one.
 */
export class ScreeningIndex {
  /** The lists compiled, as `PartiesScreened.lists` names them. */
  readonly lists: string[];
  private readonly names: IndexedName[] = [];
  private readonly exact = new Map<string, number[]>();
  private readonly postings = new Map<string, number[]>();
  private readonly shared: Uint16Array;
  private readonly touched: number[] = [];

  constructor(
    versions: readonly ScreeningListVersion[],
    private readonly threshold = MATCH_THRESHOLD,
  ) {
    this.lists = versions.map(listLabel).sort();
    for (const version of versions) {
      for (const entry of version.entries) {
        for (const listedName of new Set([entry.name, ...entry.aliases])) this.add({ source: version.source, entry, listedName }, nameTokens(listedName));
      }
    }
    this.shared = new Uint16Array(this.names.length);
  }

  get size(): number {
    return this.names.length;
  }

  /** Listed entries whose name or an alias scores at least the threshold against `name`, best first. */
  match(name: string): ListMatch[] {
    const tokens = nameTokens(name);
    if (tokens.length === 0) return [];
    const key = tokens.join(' ');
    const grams = nameBigrams(tokens);
    const best = new Map<string, ListMatch>();
    const keep = (indexed: IndexedName, score: number) => {
      const id = `${indexed.source}\n${indexed.entry.entryId}`;
      const known = best.get(id);
      if (!known || score > known.score) best.set(id, { source: indexed.source, entry: indexed.entry, listedName: indexed.listedName, score });
    };
    for (const i of this.exact.get(key) ?? []) keep(this.names[i], 1);

    for (const gram of grams) {
      for (const i of this.postings.get(gram) ?? []) {
        if (this.shared[i] === 0) this.touched.push(i);
        this.shared[i]++;
      }
    }
    for (const i of this.touched) {
      const indexed = this.names[i];
      const score = diceFromCounts(this.shared[i], grams.length, indexed.grams);
      this.shared[i] = 0;
      // Different names never score 1 (their bigram sets may still coincide, `abab`/`aba`).
      if (score >= this.threshold - 1e-9 && indexed.key !== key) keep(indexed, Math.min(Math.round(score * 1000) / 1000, 0.999));
    }
    this.touched.length = 0;
    return [...best.values()].sort((a, b) => b.score - a.score || a.listedName.localeCompare(b.listedName));
  }

  private add(named: Omit<IndexedName, 'key' | 'grams'>, tokens: string[]): void {
    if (tokens.length === 0) return;
    const grams = nameBigrams(tokens);
    const i = this.names.length;
    this.names.push({ ...named, key: tokens.join(' '), grams: grams.length });
    const key = tokens.join(' ');
    const same = this.exact.get(key);
    if (same) same.push(i);
    else this.exact.set(key, [i]);
    for (const gram of grams) {
      const posting = this.postings.get(gram);
      if (posting) posting.push(i);
      else this.postings.set(gram, [i]);
    }
  }
}
