/**
 * The screening index as it was before the filter of commit "two-sided prefix filter with
 * counting" (as of e1a1344): kept for bench/screening only, to measure old and new in one run.
 * Not used by the application.
 */
import { MATCH_THRESHOLD, diceFromCounts, listLabel, nameBigrams, nameTokens, type ListEntry, type ListMatch, type ScreeningListVersion } from '@shtc/screening';


interface IndexedName {
  source: string;
  entry: ListEntry;
  listedName: string;
  key: string;
  /** Ids of the name's distinct bigrams. */
  grams: Int32Array;
}

/**
 * The loaded lists, compiled for screening: every name and alias normalised once, an exact index
 * by normalised key (score 1) and an inverted index from bigram to the names holding it.
 *
 * A query does not walk every posting of its bigrams (common ones such as `an` or ` t` hold a
 * good part of any list). Prefix filtering: a name scoring Dice ≥ t against a query of |A|
 * bigrams has at least |B| ≥ t/(2−t)·|A| bigrams and so shares at least m = ⌈t·|A|/(2−t)⌉ of
 * them; it must then share one of any |A| − m + 1 of the query's bigrams. Those are taken
 * rarest first, their postings give the candidates, the size bound drops more, and each
 * candidate left is scored exactly from its bigram ids.
 */
export class BaselineScreeningIndex {
  /** The lists compiled, as `PartiesScreened.lists` names them. */
  readonly lists: string[];
  private readonly names: IndexedName[] = [];
  private readonly exact = new Map<string, number[]>();
  private readonly gramIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  private seen = new Uint32Array(0);
  private marks = new Uint32Array(0);
  private stamp = 0;

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
    this.seen = new Uint32Array(this.names.length);
    this.marks = new Uint32Array(this.postings.length);
  }

  get size(): number {
    return this.names.length;
  }

  /** Listed entries whose name or an alias scores at least the threshold against `name`, best first. */
  match(name: string): ListMatch[] {
    const tokens = nameTokens(name);
    if (tokens.length === 0) return [];
    const key = tokens.join(' ');
    const grams = nameBigrams(tokens).map((gram) => this.gramIds.get(gram) ?? -1);
    const best = new Map<string, ListMatch>();
    const keep = (indexed: IndexedName, score: number) => {
      const id = `${indexed.source}\n${indexed.entry.entryId}`;
      const known = best.get(id);
      if (!known || score > known.score) best.set(id, { source: indexed.source, entry: indexed.entry, listedName: indexed.listedName, score });
    };
    for (const i of this.exact.get(key) ?? []) keep(this.names[i], 1);

    const t = this.threshold;
    const size = grams.length;
    const minShared = Math.ceil((t * size) / (2 - t) - 1e-9);
    const [minSize, maxSize] = [(t / (2 - t)) * size - 1e-9, ((2 - t) / t) * size + 1e-9];
    const stamp = this.nextStamp();
    for (const gram of grams) if (gram >= 0) this.marks[gram] = stamp;
    const rarestFirst = [...grams].sort((a, b) => this.postingLength(a) - this.postingLength(b));
    for (const gram of rarestFirst.slice(0, size - minShared + 1)) {
      if (gram < 0) continue;
      for (const i of this.postings[gram]) {
        if (this.seen[i] === stamp) continue;
        this.seen[i] = stamp;
        const indexed = this.names[i];
        if (indexed.grams.length < minSize || indexed.grams.length > maxSize || indexed.key === key) continue;
        let shared = 0;
        for (const candidate of indexed.grams) if (this.marks[candidate] === stamp) shared++;
        const score = diceFromCounts(shared, size, indexed.grams.length);
        // Different names never score 1 (their bigram sets may still coincide, `abab`/`aba`).
        if (score >= t - 1e-9) keep(indexed, Math.min(Math.round(score * 1000) / 1000, 0.999));
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.listedName.localeCompare(b.listedName));
  }

  private postingLength(gram: number): number {
    return gram < 0 ? 0 : this.postings[gram].length;
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

  private add(named: Omit<IndexedName, 'key' | 'grams'>, tokens: string[]): void {
    if (tokens.length === 0) return;
    const i = this.names.length;
    const key = tokens.join(' ');
    const grams = Int32Array.from(nameBigrams(tokens), (gram) => {
      let id = this.gramIds.get(gram);
      if (id === undefined) {
        id = this.postings.length;
        this.gramIds.set(gram, id);
        this.postings.push([]);
      }
      this.postings[id].push(i);
      return id;
    });
    this.names.push({ ...named, key, grams });
    const same = this.exact.get(key);
    if (same) same.push(i);
    else this.exact.set(key, [i]);
  }
}
