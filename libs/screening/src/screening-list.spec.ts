import { ScreeningIndex } from './list-index';
import { listLabel, parseScreeningList, ScreeningListError } from './screening-list';
import { hitIdOf, screenApplication } from './screen-parties';

const HEADER = 'name,aliases,country,source,listDate';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScreeningListError) return error.problems;
    throw error;
  }
  throw new Error('no error');
}

describe('a screening list from CSV', () => {
  it('reads entries with aliases separated by semicolons, and dates the list by its latest row', () => {
    const list = parseScreeningList(csv('Rhein Optics GmbH,Rhein Optik; RO Mainz ,de,EU-TEST,2026-01-10', '"Acme, Inc.",,US,EU-TEST,2026-02-01'));
    expect(list.source).toBe('EU-TEST');
    expect(list.listDate).toBe('2026-02-01');
    expect(list.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(list.entries).toEqual([
      expect.objectContaining({ name: 'Rhein Optics GmbH', aliases: ['Rhein Optik', 'RO Mainz'], country: 'DE', source: 'EU-TEST' }),
      expect.objectContaining({ name: 'Acme, Inc.', aliases: [], country: 'US' }),
    ]);
    expect(listLabel(list)).toBe(`EU-TEST@2026-02-01#${list.fileSha256.slice(0, 12)}`);
  });

  it('takes the list name from --source, and columns in any order', () => {
    const list = parseScreeningList('listDate,source,name,country,aliases,remarks\n2026-01-10,Entity List (EL),Acme,US,,x', { source: 'BIS-EL' });
    expect(list.source).toBe('BIS-EL');
    expect(list.entries[0]).toMatchObject({ name: 'Acme', source: 'Entity List (EL)' });
  });

  it('keeps entry ids stable across versions, and merges rows of the same party', () => {
    const first = parseScreeningList(csv('Acme Inc,,US,T,2026-01-01'));
    const second = parseScreeningList(csv('Other,,CN,T,2026-03-01', 'ACME,A1,US,T,2026-03-01', 'Acme Corp,A2,US,T,2026-03-01'));
    expect(second.entries).toHaveLength(2);
    expect(second.entries[1]).toMatchObject({ entryId: first.entries[0].entryId, aliases: ['A1', 'A2'] });
  });

  it('names each faulty line, and loads nothing', () => {
    const found = problems(() =>
      parseScreeningList(csv('Good,,DE,T,2026-01-01', ',,DE,T,2026-01-01', 'Bad country,,Germany,T,2026-01-01', 'Bad date,,DE,T,2026-13-01', 'Too,many,fields,T,2026-01-01,x', 'Bell\u0007,,DE,T,2026-01-01')),
    );
    expect(found).toEqual([
      'line 3: name is empty',
      'line 4: country "GERMANY" must be an ISO 3166 two-letter code, or empty',
      'line 5: listDate "2026-13-01" must be a date YYYY-MM-DD',
      'line 6: 6 fields where the header has 5 (quote a field that holds a comma)',
      'line 7: "Bell\\u0007" contains control characters (U+0007)',
    ]);
  });

  it('refuses a header without the columns, a file without rows, several sources without --source, and an open quote', () => {
    expect(problems(() => parseScreeningList('name,country\nAcme,US'))).toEqual(['line 1: the header lacks aliases, source, listDate (it needs name,aliases,country,source,listDate)']);
    expect(problems(() => parseScreeningList(HEADER))).toEqual(['the file has a header and no rows']);
    expect(problems(() => parseScreeningList(csv('A,,US,ONE,2026-01-01', 'B,,US,TWO,2026-01-01')))[0]).toMatch(/2 sources .*--source NAME/);
    expect(problems(() => parseScreeningList(csv('A,,US,Entity List,2026-01-01')))[0]).toMatch(/cannot name a list/);
    expect(problems(() => parseScreeningList(csv('"A,,US,T,2026-01-01')))).toEqual(['line 2: a quoted field is not closed']);
    expect(problems(() => parseScreeningList(csv('A,,US,T,2026-01-01'), { source: 'bad name' }))[0]).toMatch(/--source/);
    expect(problems(() => parseScreeningList(Buffer.from([0x6e, 0xff, 0xfe])))).toEqual(['the file is not UTF-8 text']);
  });
});

describe('screening parties against the lists', () => {
  const list = parseScreeningList(
    csv('Rhein Optics GmbH,Rhein Optik,DE,T,2026-01-01', '華為技術有限公司,Huawei Technologies,CN,T,2026-01-01', 'Acme Trading,,US,T,2026-01-01', 'Acme Trading Co,,CN,T,2026-01-01'),
  );
  const index = new ScreeningIndex([list]);
  const party = (name: string, extra: object = {}) => ({ name, address: 'x', country: 'DE', ...extra });

  it('matches names, aliases and near misses, best first', () => {
    expect(index.match('RHEIN-OPTIK')).toEqual([expect.objectContaining({ listedName: 'Rhein Optik', score: 1 })]);
    expect(index.match('Rhein Optiks Ltd')[0]).toMatchObject({ listedName: 'Rhein Optik', score: expect.any(Number) });
    expect(index.match('Rhein Optiks Ltd')[0].score).toBeLessThan(1);
    expect(index.match('Apex Trading')).toEqual([]);
    // Two entries with the same normalised name in different countries are two entries.
    expect(index.match('acme trading')).toHaveLength(2);
  });

  it('gives each matching party its own hit, with a stable id, and screens the end user\'s Chinese name', () => {
    const application = {
      buyer: party('Rhein Optics'),
      consignee: party('Rhein Optik GmbH'),
      endUser: party('Formosa Research', { nameZh: '华为技术有限公司' }),
    };
    const screening = screenApplication(application, index);
    expect(screening.lists).toEqual([listLabel(list)]);
    expect(screening.hits.map((hit) => [hit.party, hit.name, hit.listedName, hit.score])).toEqual([
      ['BUYER', 'Rhein Optics', 'Rhein Optics GmbH', 1],
      ['CONSIGNEE', 'Rhein Optik GmbH', 'Rhein Optik', 1],
      ['END_USER', '华为技术有限公司', '華為技術有限公司', 1],
    ]);
    const [buyerHit] = screening.hits;
    expect(buyerHit.hitId).toBe(hitIdOf('BUYER', 'T', buyerHit.listEntryId));
    expect(screenApplication(application, new ScreeningIndex([list])).hits.map((hit) => hit.hitId)).toEqual(screening.hits.map((hit) => hit.hitId));
  });

  it('does not screen a consignee that is the buyer twice', () => {
    const screening = screenApplication({ buyer: party('Rhein Optics'), consignee: { sameAsBuyer: true }, endUser: party('Nobody Listed') }, index);
    expect(screening.hits.map((hit) => hit.party)).toEqual(['BUYER']);
  });
});
