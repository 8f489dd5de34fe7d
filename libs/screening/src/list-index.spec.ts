import fc from 'fast-check';
import { ScreeningIndex, type ListMatch } from './list-index';
import { nameTokens } from './normalise';
import type { ListEntry, ScreeningListVersion } from './screening-list';
import { MATCH_THRESHOLD, diceFromCounts, nameBigrams } from './similarity';

/**
 * The specification the index must meet, by brute force: every listed name and alias of every
 * list scored against the query, the best per entry (on equal scores the first of the entry's
 * names: its name, then its aliases in order), best first, then by listed name, then by list order.
 */
function scanAll(versions: readonly ScreeningListVersion[], name: string, threshold = MATCH_THRESHOLD): ListMatch[] {
  const tokens = nameTokens(name);
  if (tokens.length === 0) return [];
  const key = tokens.join(' ');
  const grams = new Set(nameBigrams(tokens));
  const best = new Map<string, ListMatch>();
  for (const version of versions) {
    for (const entry of version.entries) {
      for (const listedName of new Set([entry.name, ...entry.aliases])) {
        const listed = nameTokens(listedName);
        if (listed.length === 0) continue;
        let score: number;
        if (listed.join(' ') === key) score = 1;
        else {
          const listedGrams = nameBigrams(listed);
          const dice = diceFromCounts(listedGrams.filter((gram) => grams.has(gram)).length, grams.size, listedGrams.length);
          if (dice < threshold - 1e-9) continue;
          score = Math.min(Math.round(dice * 1000) / 1000, 0.999);
        }
        const id = `${version.source}\n${entry.entryId}`;
        const known = best.get(id);
        if (!known || score > known.score) best.set(id, { source: version.source, entry, listedName, score });
      }
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.listedName.localeCompare(b.listedName));
}

/** A small alphabet, so that random names share many bigrams and land on both sides of the threshold. */
const letters = fc.constantFrom(...'aabcdeeinorst');
const word = fc.oneof(
  { weight: 6, arbitrary: fc.array(letters, { minLength: 1, maxLength: 7 }).map((chars) => chars.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('Trading', 'Co., Ltd.', 'GmbH', 'O’Brien', 'Müller', 'ＡＢＣ', '-', '') },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...'華为為技術中兴興'), { minLength: 1, maxLength: 5 }).map((chars) => chars.join('') + '有限公司') },
);
const name = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));

/** A query close to a listed name: a letter changed, dropped or added, a word dropped or added, or case changed. */
const nearby = (listed: string) =>
  fc.tuple(fc.nat(), fc.constantFrom(...'abeinst'), fc.nat(4), word).map(([at, letter, how, extra]) => {
    const i = listed.length === 0 ? 0 : at % listed.length;
    switch (how) {
      case 0:
        return listed.slice(0, i) + letter + listed.slice(i + 1);
      case 1:
        return listed.slice(0, i) + listed.slice(i + 1);
      case 2:
        return listed.slice(0, i) + letter + listed.slice(i);
      case 3:
        return `${listed} ${extra}`;
      default:
        return listed.split(' ').slice(1).join(' ').toUpperCase() || listed;
    }
  });

const entry = (source: string, i: number, names: string[]): ListEntry => ({
  entryId: `${source}-${i}`,
  name: names[0],
  aliases: names.slice(1),
  country: null,
  source,
  listDate: '2026-01-01',
});

const lists = fc
  .array(fc.array(fc.array(name, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 2 })
  .map((sources) =>
    sources.map(
      (entries, s): ScreeningListVersion => ({
        source: `L${s}`,
        listDate: '2026-01-01',
        fileSha256: `${s}`.repeat(64),
        entries: entries.map((names, i) => entry(`L${s}`, i, names)),
      }),
    ),
  );

const listsAndQueries = lists.chain((versions) => {
  const listed = versions.flatMap((version) => version.entries.flatMap((listedEntry) => [listedEntry.name, ...listedEntry.aliases]));
  const query = fc.oneof(name, fc.constantFrom(...listed), fc.constantFrom(...listed).chain(nearby));
  return fc.tuple(fc.constant(versions), fc.array(query, { minLength: 1, maxLength: 20 }));
});

/** What a hit is made of: the entry, its list and the score (which of an entry's equally close names is shown aside). */
const hits = (matches: ListMatch[]) => matches.map((match) => `${match.source}/${match.entry.entryId}@${match.score}`).sort();

describe('the screening index against a scan of every listed name', () => {
  it('finds exactly the entries and scores a full scan finds', () => {
    fc.assert(
      fc.property(listsAndQueries, fc.constantFrom(MATCH_THRESHOLD, 0.5, 0.9), ([versions, queries], threshold) => {
        const index = new ScreeningIndex(versions, threshold);
        for (const query of queries) expect(hits(index.match(query))).toEqual(hits(scanAll(versions, query, threshold)));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the near misses of names in a larger list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(name, { minLength: 1, maxLength: 3 }), { minLength: 500, maxLength: 800 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 20, maxLength: 20 }),
        (entries, picks) => {
          const versions: ScreeningListVersion[] = [{ source: 'BIG', listDate: '2026-01-01', fileSha256: 'f'.repeat(64), entries: entries.map((names, i) => entry('BIG', i, names)) }];
          const index = new ScreeningIndex(versions);
          for (const [at, mutate] of picks) {
            const listed = entries[at % entries.length][0];
            const query = mutate ? `${listed}s` : listed;
            expect(hits(index.match(query))).toEqual(hits(scanAll(versions, query)));
          }
        },
      ),
      // A failing list is large: report it as found rather than shrink it for minutes.
      { numRuns: 20, endOnFailure: true },
    );
  });
});
