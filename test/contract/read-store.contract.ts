import { InvalidCursorError, type Document, type Filter, type ReadStore, type Scalar } from '@shtc/read-store';
import { uniquePrefix } from '@shtc/testing';

interface CaseDoc extends Document {
  status: string;
  destination: string;
  dueDate: string;
  items: number;
  urgent: boolean;
  applicant: { businessId: string };
  note?: string | null;
}

/** The behaviour every read store adapter must show. Collections get a unique name per test. */
export function readStoreContract(open: () => Promise<ReadStore>): void {
  let store: ReadStore;
  let cases: string;

  const doc = (i: number, overrides: Partial<CaseDoc> = {}): CaseDoc => ({
    id: `C${String(i).padStart(4, '0')}`,
    status: i % 3 === 0 ? 'INITIAL_REVIEW' : 'REGISTERED',
    destination: ['DE', 'JP', 'US'][i % 3],
    dueDate: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`,
    items: i,
    urgent: i % 2 === 0,
    applicant: { businessId: i % 2 ? '12345678' : '87654321' },
    ...overrides,
  });

  beforeEach(async () => {
    store = await open();
    cases = uniquePrefix('cases_');
    await store.ensureCollection({
      name: cases,
      indexes: [{ fields: [['status', 'asc'], ['dueDate', 'asc']] }, { fields: [['applicant.businessId', 'asc']] }],
    });
  });
  afterEach(async () => {
    await store.dropCollection(cases);
    await store.close();
  });

  it('puts, gets, replaces and deletes documents', async () => {
    await store.put(cases, doc(1));
    expect(await store.get(cases, 'C0001')).toEqual(doc(1));
    await store.put(cases, doc(1, { status: 'APPROVED' }));
    expect((await store.get<CaseDoc>(cases, 'C0001'))?.status).toBe('APPROVED');
    await store.delete(cases, 'C0001');
    expect(await store.get(cases, 'C0001')).toBeNull();
    expect(await store.get(cases, 'nothing')).toBeNull();
  });

  it('keeps unicode text intact', async () => {
    const zh = doc(2, { note: '最終用途保證書：台積電 ✅' });
    await store.put(cases, zh);
    expect(await store.get(cases, zh.id)).toEqual(zh);
  });

  it('inserts if absent exactly once under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.insertIfAbsent(cases, doc(7, { items: i }))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const kept = await store.get<CaseDoc>(cases, 'C0007');
    expect(results[kept!.items]).toBe(true);
  });

  it('finds by equality, range, $in, $ne, nested fields and booleans', async () => {
    for (let i = 1; i <= 12; i++) await store.put(cases, doc(i));
    const ids = async (filter: object) =>
      (await store.find<CaseDoc>(cases, filter as never, { limit: 500 })).items.map((d) => d.id).sort();
    expect(await ids({ status: 'INITIAL_REVIEW' })).toEqual(['C0003', 'C0006', 'C0009', 'C0012']);
    expect(await ids({ items: { $gte: 4, $lt: 7 } })).toEqual(['C0004', 'C0005', 'C0006']);
    expect(await ids({ destination: { $in: ['DE'] }, items: { $lte: 6 } })).toEqual(['C0003', 'C0006']);
    expect(await ids({ 'applicant.businessId': '87654321', urgent: true, items: { $gt: 8 } })).toEqual([
      'C0010',
      'C0012',
    ]);
    expect((await ids({ status: { $ne: 'REGISTERED' } })).length).toBe(4);
    expect(await ids({ $or: [{ items: 1 }, { items: 2 }] })).toEqual(['C0001', 'C0002']);
    expect(await store.count(cases, { urgent: false })).toBe(6);
    expect(await store.count(cases)).toBe(12);
  });

  it('matches missing and null fields as null, and $ne as MongoDB does', async () => {
    await store.put(cases, doc(1, { note: null }));
    await store.put(cases, doc(2));
    await store.put(cases, doc(3, { note: 'x' }));
    expect((await store.find(cases, { note: null })).items.map((d) => d.id).sort()).toEqual(['C0001', 'C0002']);
    expect((await store.find(cases, { note: { $ne: 'x' } })).items.map((d) => d.id).sort()).toEqual([
      'C0001',
      'C0002',
    ]);
  });

  it('compares a field with values of its own JSON type only: null in $in matches missing and null, true never matches 1, a range matches values of its bound\'s type', async () => {
    const values = uniquePrefix('values_');
    await store.ensureCollection({ name: values, indexes: [{ fields: [['value', 'asc']] }] });
    try {
      const docs: Array<[string, Scalar | undefined]> = [
        ['missing', undefined], ['null', null], ['true', true], ['false', false], ['zero', 0], ['half', 0.5], ['one', 1], ['two', 2],
        ['text-empty', ''], ['text-1', '1'], ['text-a', 'a'], ['text-b', 'b'],
      ];
      for (const [id, value] of docs) await store.put(values, value === undefined ? { id } : { id, value });
      const ids = async (filter: Filter) => {
        const found = (await store.find(values, filter, { limit: 100 })).items.map((d) => d.id).sort();
        expect(await store.count(values, filter)).toBe(found.length);
        return found;
      };
      const allBut = (id: string) => docs.map(([each]) => each).filter((each) => each !== id).sort();

      expect(await ids({ value: { $in: [null] } })).toEqual(['missing', 'null']);
      expect(await ids({ value: { $in: [null, 'a', 2] } })).toEqual(['missing', 'null', 'text-a', 'two']);
      expect(await ids({ value: true })).toEqual(['true']);
      expect(await ids({ value: false })).toEqual(['false']);
      expect(await ids({ value: 1 })).toEqual(['one']);
      expect(await ids({ value: 0 })).toEqual(['zero']);
      expect(await ids({ value: '1' })).toEqual(['text-1']);
      expect(await ids({ value: { $in: [true, 0] } })).toEqual(['true', 'zero']);
      expect(await ids({ value: { $ne: true } })).toEqual(allBut('true'));
      expect(await ids({ value: { $ne: 1 } })).toEqual(allBut('one'));
      expect(await ids({ value: { $gt: 0 } })).toEqual(['half', 'one', 'two']);
      expect(await ids({ value: { $gte: 0, $lt: 2 } })).toEqual(['half', 'one', 'zero']);
      expect(await ids({ value: { $lte: 1 } })).toEqual(['half', 'one', 'zero']);
      expect(await ids({ value: { $lt: 'b' } })).toEqual(['text-1', 'text-a', 'text-empty']);
      expect(await ids({ value: { $gte: 'a' } })).toEqual(['text-a', 'text-b']);
      expect(await ids({ value: { $gt: '' } })).toEqual(['text-1', 'text-a', 'text-b']);
      expect(await ids({ value: { $gt: false } })).toEqual(['true']);
      expect(await ids({ value: { $lte: true } })).toEqual(['false', 'true']);
      // A range has no null bound (nothing orders against null): refused, not an empty answer.
      for (const op of ['$gt', '$gte', '$lt', '$lte']) {
        const refused = await store.find(values, { value: { [op]: null } }).then(() => null, (error: unknown) => error);
        expect(String((refused as Error | null)?.message)).toMatch(/bound/);
      }
    } finally {
      await store.dropCollection(values);
    }
  });

  it('pages through a sorted list with cursors, each document once', async () => {
    for (let i = 1; i <= 23; i++) await store.put(cases, doc(i));
    const seen: CaseDoc[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: CaseDoc[]; nextCursor: string | null } = await store.find<CaseDoc>(
        cases,
        {},
        { sort: [['dueDate', 'asc']], limit: 5, cursor },
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen.map((d) => d.id)).size).toBe(23);
    const keys = seen.map((d) => `${d.dueDate}|${d.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('pages in descending order too', async () => {
    for (let i = 1; i <= 7; i++) await store.put(cases, doc(i, { dueDate: '2026-12-01' }));
    const first = await store.find<CaseDoc>(cases, {}, { sort: [['items', 'desc']], limit: 4 });
    const second = await store.find<CaseDoc>(cases, {}, { sort: [['items', 'desc']], limit: 4, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((d) => d.items)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(second.nextCursor).toBeNull();
  });

  it.each([['asc'], ['desc']] as const)('pages %s through a sort key that is null or missing in some documents, each document once, nulls first ascending and last descending', async (direction) => {
    // Notes: null in 5 documents, missing in 4 (read as null, as in MongoDB), set in 8; pages of 3 cut across them.
    for (let i = 1; i <= 17; i++) {
      const note = i % 4 === 0 ? null : i % 4 === 1 ? undefined : `note ${String(i % 5)}`;
      const { note: _, ...rest } = doc(i);
      await store.put(cases, note === undefined ? rest : { ...rest, note });
    }
    const whole = await store.find<CaseDoc>(cases, {}, { sort: [['note', direction]], limit: 100 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: CaseDoc[]; nextCursor: string | null } = await store.find<CaseDoc>(cases, {}, { sort: [['note', direction]], limit: 3, cursor });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.items.map((d) => d.id));
    expect(seen).toHaveLength(17);
    const nulls = whole.items.map((d) => d.note ?? null).map((note) => note === null);
    const firstSet = nulls.indexOf(false);
    // Nulls sort lowest in both stores: together at the start ascending, at the end descending.
    if (direction === 'asc') expect(nulls.slice(0, firstSet).every(Boolean) && nulls.slice(firstSet).every((n) => !n)).toBe(true);
    else expect(nulls.slice(0, 8).every((n) => !n) && nulls.slice(8).every(Boolean)).toBe(true);
  });

  it('pages a list matched by alternatives ($or), sorted descending, as an account\'s own and agent cases are', async () => {
    for (let i = 1; i <= 9; i++) await store.put(cases, doc(i, { note: i % 3 === 0 ? 'agent-99887766' : null }));
    const filter = { $or: [{ 'applicant.businessId': '12345678' }, { note: 'agent-99887766' }] };
    const first = await store.find<CaseDoc>(cases, filter, { sort: [['dueDate', 'desc']], limit: 3 });
    const second = await store.find<CaseDoc>(cases, filter, { sort: [['dueDate', 'desc']], limit: 3, cursor: first.nextCursor });
    // Odd items (12345678) and multiples of three: 1, 3, 5, 6, 7, 9.
    expect([...first.items, ...second.items].map((d) => d.items)).toEqual([9, 7, 6, 5, 3, 1]);
    expect(second.nextCursor).toBeNull();
  });

  it('pages a queue as the reviewer queues read it: equality on a null field, a nested boolean and a range, ties on the sort key', async () => {
    const queue = uniquePrefix('queue_');
    await store.ensureCollection({
      name: queue,
      indexes: [
        { fields: [['status', 'asc'], ['note', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
        { fields: [['status', 'asc'], ['flagged.HIT', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
      ],
    });
    try {
      // Four due dates, so pages split ties; every third unassigned (null), every other flagged.
      for (let i = 1; i <= 30; i++) {
        await store.put(queue, { ...doc(i, { status: 'INITIAL_REVIEW', note: i % 3 === 0 ? null : `R${i % 2}`, dueDate: `2026-12-0${(i % 4) + 1}` }), flagged: { HIT: i % 2 === 0 } });
      }
      const pageThrough = async (filter: Record<string, unknown>) => {
        const seen: CaseDoc[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: CaseDoc[]; nextCursor: string | null } = await store.find<CaseDoc>(queue, filter as never, { sort: [['dueDate', 'asc'], ['id', 'asc']], limit: 3, cursor });
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return seen.map((d) => `${d.dueDate}|${d.id}`);
      };
      const expected = (keep: (i: number) => boolean) =>
        Array.from({ length: 30 }, (_, n) => n + 1)
          .filter(keep)
          .map((i) => `2026-12-0${(i % 4) + 1}|C${String(i).padStart(4, '0')}`)
          .sort();
      expect(await pageThrough({ status: 'INITIAL_REVIEW', note: null, dueDate: { $lt: '2026-12-04' } })).toEqual(expected((i) => i % 3 === 0 && i % 4 !== 3));
      expect(await pageThrough({ status: 'INITIAL_REVIEW', 'flagged.HIT': true })).toEqual(expected((i) => i % 2 === 0));
      expect(await store.count(queue, { status: 'INITIAL_REVIEW', note: null })).toBe(10);
    } finally {
      await store.dropCollection(queue);
    }
  });

  it('finds by one key below a bound on a second field, newest first, limited, as precedents are looked up', async () => {
    const precedents = uniquePrefix('precedents_');
    await store.ensureCollection({ name: precedents, indexes: [{ fields: [['key', 'asc'], ['decidedAt', 'desc'], ['id', 'desc']] }] });
    try {
      const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
      for (let i = 1; i <= 9; i++) await store.put(precedents, { id: `C${i}|k`, key: i % 3 === 0 ? 'ECCN:5A002' : 'BUYER:acme', decidedAt: at(i) });
      const page = await store.find(precedents, { key: 'BUYER:acme', decidedAt: { $lt: at(8) } }, { sort: [['decidedAt', 'desc'], ['id', 'desc']], limit: 3 });
      expect(page.items.map((doc) => doc.id)).toEqual(['C7|k', 'C5|k', 'C4|k']);
      expect(page.nextCursor).not.toBeNull();
    } finally {
      await store.dropCollection(precedents);
    }
  });

  it('lists a document that several alternatives match once, with the other conditions applying to each, in order across pages', async () => {
    const docs: Array<[number, string, boolean, string | null, string]> = [
      [1, '12345678', false, 'a', 'REGISTERED'],
      [2, '87654321', true, '\uFF01', 'REGISTERED'], // U+FF01: after 'b', before an emoji (UTF-8 order)
      [3, '12345678', false, '\u{1F600}', 'REGISTERED'],
      [4, '87654321', true, 'Z', 'REGISTERED'],
      [5, '12345678', true, 'b', 'REGISTERED'], // both alternatives
      [6, '87654321', true, 'a', 'APPROVED'], // not REGISTERED
      [7, '87654321', false, 'c', 'REGISTERED'], // neither alternative
    ];
    for (const [i, businessId, urgent, note, status] of docs) await store.put(cases, doc(i, { applicant: { businessId }, urgent, note, status }));
    const filter = { status: 'REGISTERED', $or: [{ 'applicant.businessId': '12345678' }, { urgent: true }] };
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: CaseDoc[]; nextCursor: string | null } = await store.find<CaseDoc>(cases, filter, { sort: [['note', 'desc']], limit: 2, cursor });
      seen.push(...page.items.map((d) => d.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([3, 2, 5, 1, 4]);
  });

  it('counts by three keys from a day on, as the shipment history counts releases to an importer (R-LIC-1 b)', async () => {
    const shipments = uniquePrefix('shipments_');
    await store.ensureCollection({ name: shipments, indexes: [{ fields: [['exporterId', 'asc'], ['importerKey', 'asc'], ['country', 'asc'], ['releasedOn', 'desc']] }] });
    try {
      const day = (n: number) => `2026-${String(n).padStart(2, '0')}-15`;
      for (let i = 1; i <= 12; i++) {
        await store.put(shipments, { id: `L1|D${i}`, exporterId: '22099131', importerKey: i % 4 === 0 ? 'other' : 'optics rhein', country: i % 5 === 0 ? 'AT' : 'DE', releasedOn: day(i) });
      }
      const filter = { exporterId: '22099131', importerKey: 'optics rhein', country: 'DE' };
      // From July: 7, 9 and 11 (8 and 12 went to another importer, 10 to another country).
      expect(await store.count(shipments, { ...filter, releasedOn: { $gte: day(7) } })).toBe(3);
      expect(await store.count(shipments, { ...filter, releasedOn: { $gte: '2027-01-01' } })).toBe(0);
      expect(await store.count(shipments, { ...filter, exporterId: 'someone else', releasedOn: { $gte: day(1) } })).toBe(0);
    } finally {
      await store.dropCollection(shipments);
    }
  });

  it('finds by status below a day, soonest first, as the expiry scheduler finds licences past their validity', async () => {
    const licences = uniquePrefix('licences_');
    await store.ensureCollection({ name: licences, indexes: [{ fields: [['status', 'asc'], ['validUntil', 'asc'], ['id', 'asc']] }] });
    try {
      const statuses = ['VALID', 'EXPIRED', 'CANCELLED', 'VALID'];
      for (let i = 1; i <= 8; i++) await store.put(licences, { id: `LIC-${i}`, status: statuses[i % 4], validUntil: `2027-06-0${9 - i}`, items: [{ itemNo: 1 }] });
      const page = await store.find(licences, { status: 'VALID', validUntil: { $lt: '2027-06-06' } }, { sort: [['validUntil', 'asc'], ['id', 'asc']], limit: 50 });
      expect(page.items.map((doc) => doc.id)).toEqual(['LIC-8', 'LIC-7', 'LIC-4']);
    } finally {
      await store.dropCollection(licences);
    }
  });

  it('finds the newest document of a key among those a holder or its agent may see, as declarations are looked up', async () => {
    const declarations = uniquePrefix('declarations_');
    await store.ensureCollection({ name: declarations, indexes: [{ fields: [['declarationNo', 'asc'], ['comparedAt', 'desc'], ['id', 'desc']] }] });
    try {
      const put = (licenceNo: string, holderId: string, agentId: string | null, comparedAt: string) =>
        store.put(declarations, { id: `AA/15/1|${licenceNo}`, declarationNo: 'AA/15/1', licenceNo, holderId, agentId, comparedAt, comparison: { result: 'MATCH' } });
      await put('LIC-1', 'H1', null, '2027-01-01T00:00:00.000Z');
      await put('LIC-2', 'H2', 'A1', '2027-01-02T00:00:00.000Z');
      const newest = (filter: Filter) => store.find(declarations, filter, { sort: [['comparedAt', 'desc'], ['id', 'desc']], limit: 1 });
      expect((await newest({ declarationNo: 'AA/15/1' })).items.map((doc) => doc.licenceNo)).toEqual(['LIC-2']);
      expect((await newest({ declarationNo: 'AA/15/1', $or: [{ holderId: 'H1' }, { agentId: 'H1' }] })).items.map((doc) => doc.licenceNo)).toEqual(['LIC-1']);
      expect((await newest({ declarationNo: 'AA/15/1', $or: [{ holderId: 'A1' }, { agentId: 'A1' }] })).items.map((doc) => doc.licenceNo)).toEqual(['LIC-2']);
      expect((await newest({ declarationNo: 'AA/15/1', $or: [{ holderId: 'X' }, { agentId: 'X' }] })).items).toEqual([]);
    } finally {
      await store.dropCollection(declarations);
    }
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(store.find(cases, {}, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('caps a page at 500 documents', async () => {
    await store.unitOfWork(async (uow) => {
      for (let i = 1; i <= 501; i++) uow.put(cases, doc(i));
    });
    const page = await store.find(cases, {}, { limit: 10_000 });
    expect(page.items).toHaveLength(500);
    expect(page.nextCursor).not.toBeNull();
  });

  it('commits a unit of work whole, and its reads see its own writes', async () => {
    const checkpoints = uniquePrefix('checkpoints_');
    await store.unitOfWork(async (uow) => {
      uow.put(cases, doc(1));
      expect((await uow.get<CaseDoc>(cases, 'C0001'))?.items).toBe(1);
      uow.put(cases, doc(1, { items: 99 }));
      uow.put(checkpoints, { id: 'case-status', position: '00000000000000000042' });
      expect(await store.get(cases, 'C0001')).toBeNull(); // not visible outside before commit
    });
    expect((await store.get<CaseDoc>(cases, 'C0001'))?.items).toBe(99);
    expect(await store.get(checkpoints, 'case-status')).toEqual({ id: 'case-status', position: '00000000000000000042' });
    await store.dropCollection(checkpoints);
  });

  it('commits nothing of a unit of work that fails', async () => {
    await store.put(cases, doc(1));
    await expect(
      store.unitOfWork(async (uow) => {
        uow.put(cases, doc(2));
        uow.delete(cases, 'C0001');
        throw new Error('projection handler failed');
      }),
    ).rejects.toThrow('projection handler failed');
    expect(await store.get(cases, 'C0001')).not.toBeNull();
    expect(await store.get(cases, 'C0002')).toBeNull();
  });

  it('commits units of work made at once each whole, and one that fails leaves the others', async () => {
    const accounts = uniquePrefix('accounts_');
    await store.ensureCollection({ name: accounts, indexes: [{ fields: [['email', 'asc']], unique: true }] });
    await store.put(accounts, { id: 'taken', email: 'taken@example.com' });
    const units = Array.from({ length: 6 }, (_, i) =>
      store.unitOfWork(async (uow) => {
        uow.put(cases, doc(i + 1));
        // The third unit breaks the unique index: it alone must leave nothing.
        uow.put(accounts, { id: `a${i}`, email: i === 2 ? 'taken@example.com' : `a${i}@example.com` });
      }),
    );
    const outcomes = await Promise.allSettled(units);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((await store.find<CaseDoc>(cases, {}, { sort: [['id', 'asc']] })).items.map((c) => c.id)).toEqual(['C0001', 'C0002', 'C0004', 'C0005', 'C0006']);
    expect(await store.get(accounts, 'a2')).toBeNull();
    expect(await store.count(accounts)).toBe(6);
    await store.dropCollection(accounts);
  });

  it('enforces a declared unique index', async () => {
    const accounts = uniquePrefix('accounts_');
    await store.ensureCollection({ name: accounts, indexes: [{ fields: [['email', 'asc']], unique: true }] });
    await store.ensureCollection({ name: accounts, indexes: [{ fields: [['email', 'asc']], unique: true }] });
    await store.put(accounts, { id: 'a', email: 'x@example.com' });
    // Not `rejects.toThrow()`: better-sqlite3's native addon keeps the error class of the first
    // jest module registry that loaded it, so its errors may come from another realm.
    const refused = await store.put(accounts, { id: 'b', email: 'x@example.com' }).then(() => null, (error: unknown) => error);
    expect(String((refused as Error | null)?.message)).toMatch(/unique|duplicate/i);
    expect(await store.get(accounts, 'b')).toBeNull();
    await store.dropCollection(accounts);
  });

  it('lets any number of documents leave a uniquely indexed field missing or null, and refuses a value twice', async () => {
    const accounts = uniquePrefix('accounts_');
    await store.ensureCollection({
      name: accounts,
      indexes: [
        { fields: [['email', 'asc']], unique: true },
        { fields: [['businessId', 'asc'], ['email', 'asc']], unique: true },
      ],
    });
    try {
      // Missing twice and null twice, under both indexes (one business, none of them with an email).
      await store.put(accounts, { id: 'a', businessId: '22099131' });
      await store.put(accounts, { id: 'b', businessId: '22099131' });
      await store.put(accounts, { id: 'c', businessId: '22099131', email: null });
      await store.unitOfWork(async (uow) => uow.put(accounts, { id: 'd', businessId: '22099131', email: null }));
      await store.put(accounts, { id: 'e', businessId: '22099131', email: 'x@example.com' });
      const refused = await store.put(accounts, { id: 'f', email: 'x@example.com' }).then(() => null, (error: unknown) => error);
      expect(String((refused as Error | null)?.message)).toMatch(/unique|duplicate/i);
      expect(await store.get(accounts, 'f')).toBeNull();
      expect(await store.count(accounts)).toBe(5);
      expect((await store.find(accounts, { email: 'x@example.com' })).items.map((d) => d.id)).toEqual(['e']);
      expect((await store.find(accounts, { email: null }, { sort: [['id', 'asc']] })).items.map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await store.dropCollection(accounts);
    }
  });
}
