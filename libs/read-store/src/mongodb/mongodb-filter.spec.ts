import { encodeCursor } from '../paging';
import { InvalidCursorError, type Filter, type Sort } from '../read-store.port';
import { collectionName, mongoField, toMongoFilter, toMongoIndex, toMongoSort, translateFind } from './mongodb-filter';

const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('MongoDB filter translation', () => {
  it('maps id to _id and leaves other paths, nested ones included, as they are', () => {
    expect(mongoField('id')).toBe('_id');
    expect(mongoField('applicant.businessId')).toBe('applicant.businessId');
    expect(mongoField('applicant.id')).toBe('applicant.id');
    expect(toMongoFilter({ id: 'C0001', 'applicant.businessId': '12345678' })).toEqual({
      _id: { $eq: 'C0001' },
      'applicant.businessId': { $eq: '12345678' },
    });
  });

  it('writes equality as $eq, so a value can never act as an operator', () => {
    expect(toMongoFilter({ status: 'REGISTERED', urgent: true, items: 3 })).toEqual({
      status: { $eq: 'REGISTERED' },
      urgent: { $eq: true },
      items: { $eq: 3 },
    });
  });

  it('keeps null equality as MongoDB null equality (which also matches a missing field)', () => {
    expect(toMongoFilter({ note: null })).toEqual({ note: { $eq: null } });
    expect(toMongoFilter({ note: { $ne: 'x' } })).toEqual({ note: { $ne: 'x' } });
    expect(toMongoFilter({ note: { $ne: null } })).toEqual({ note: { $ne: null } });
  });

  it('passes comparison operators and $in through, several on one field', () => {
    expect(toMongoFilter({ items: { $gte: 4, $lt: 7 }, destination: { $in: ['DE', 'JP'] } })).toEqual({
      items: { $gte: 4, $lt: 7 },
      destination: { $in: ['DE', 'JP'] },
    });
    expect(toMongoFilter({ a: { $eq: 1, $ne: 2, $gt: 0, $lte: 9 } })).toEqual({ a: { $eq: 1, $ne: 2, $gt: 0, $lte: 9 } });
    expect(toMongoFilter({ destination: { $in: [] } })).toEqual({ destination: { $in: [] } });
  });

  it('translates $or and $and recursively, mapping id inside them', () => {
    const filter: Filter = {
      status: 'REGISTERED',
      $or: [{ items: 1 }, { id: { $in: ['C0002', 'C0003'] } }],
      $and: [{ urgent: false }, { $or: [{ note: null }, { note: 'x' }] }],
    };
    expect(toMongoFilter(filter)).toEqual({
      status: { $eq: 'REGISTERED' },
      $or: [{ items: { $eq: 1 } }, { _id: { $in: ['C0002', 'C0003'] } }],
      $and: [{ urgent: { $eq: false } }, { $or: [{ note: { $eq: null } }, { note: { $eq: 'x' } }] }],
    });
  });

  it('gives empty $and, empty operator sets and undefined conditions no condition, and empty $or no match', () => {
    expect(toMongoFilter({})).toEqual({});
    expect(toMongoFilter({ $and: [] })).toEqual({});
    expect(toMongoFilter({ status: undefined, items: {} })).toEqual({});
    expect(toMongoFilter({ items: { $gt: 1, $lt: undefined } })).toEqual({ items: { $gt: 1 } });
    // MongoDB refuses `$or: []`; an empty alternative list matches nothing, whatever else is asked.
    expect(toMongoFilter({ id: 'C0001', $or: [] })).toEqual({ _id: { $in: [] } });
    expect(toMongoFilter({ $or: [{ $or: [] }, { items: 2 }] })).toEqual({
      $or: [{ _id: { $in: [] } }, { items: { $eq: 2 } }],
    });
  });

  it('refuses operators, paths and values outside the language (no injection of $where, $regex, objects)', () => {
    expect(() => toMongoFilter({ $where: 'sleep(1000)' } as never)).toThrow(RangeError);
    expect(() => toMongoFilter({ status: { $regex: '.*' } } as never)).toThrow(/unsupported operator \$regex/);
    expect(() => toMongoFilter({ status: { $eq: { $gt: '' } } } as never)).toThrow(RangeError);
    expect(() => toMongoFilter({ status: { $in: 'REGISTERED' } } as never)).toThrow(/\$in takes an array/);
    expect(() => toMongoFilter({ status: { $in: [{ $gt: '' }] } } as never)).toThrow(RangeError);
    expect(() => toMongoFilter({ status: ['a', 'b'] } as never)).toThrow(RangeError);
    expect(() => toMongoFilter({ 'a.$b': 1 })).toThrow(RangeError);
    expect(() => toMongoFilter({ _id: 'C0001' })).toThrow(/Not a field path/);
    expect(() => toMongoFilter({ $or: { items: 1 } } as never)).toThrow(/\$or takes an array/);
    // A range has no null bound in the language (SQLite has no order for it either).
    for (const op of ['$gt', '$gte', '$lt', '$lte']) expect(() => toMongoFilter({ note: { [op]: null } })).toThrow(/needs a string, number or boolean bound, not null/);
  });

  it('translates sorts, mapping id to _id and keeping the order of keys', () => {
    const sort = toMongoSort([
      ['dueDate', 'asc'],
      ['items', 'desc'],
      ['id', 'asc'],
    ]);
    expect(sort).toEqual({ dueDate: 1, items: -1, _id: 1 });
    expect(Object.keys(sort)).toEqual(['dueDate', 'items', '_id']);
    expect(() => toMongoSort([['dueDate', 'up' as never]])).toThrow(RangeError);
  });
});

describe('MongoDB find translation (keyset paging)', () => {
  it('ends every sort with _id and asks for one page', () => {
    const find = translateFind({ status: 'REGISTERED' }, { sort: [['dueDate', 'asc']], limit: 5 });
    expect(find.filter).toEqual({ status: { $eq: 'REGISTERED' } });
    expect(find.sort).toEqual({ dueDate: 1, _id: 1 });
    expect(Object.keys(find.sort)).toEqual(['dueDate', '_id']);
    expect(find.limit).toBe(5);
    expect(find.cursorSort).toEqual([
      ['dueDate', 'asc'],
      ['id', 'asc'],
    ]);
  });

  it('defaults to 50 and caps at 500', () => {
    expect(translateFind().limit).toBe(50);
    expect(translateFind({}, { limit: 10_000 }).limit).toBe(500);
    expect(translateFind({}, { limit: 0 }).limit).toBe(1);
    expect(translateFind().sort).toEqual({ _id: 1 });
  });

  it('keeps an explicit id sort as given', () => {
    expect(translateFind({}, { sort: [['id', 'desc']] }).sort).toEqual({ _id: -1 });
  });

  it('turns an ascending cursor into "after this document" on (dueDate, _id), bounding the scan on dueDate', () => {
    const sort: Sort = [['dueDate', 'asc']];
    const cursor = encodeCursor({ id: 'C0005', dueDate: '2026-12-06' }, [...sort, ['id', 'asc']]);
    const find = translateFind({}, { sort, limit: 5, cursor });
    expect(find.filter).toEqual({
      $and: [
        { dueDate: { $gte: '2026-12-06' } },
        {
          $or: [
            { dueDate: { $gt: '2026-12-06' } },
            { dueDate: { $eq: '2026-12-06' }, _id: { $gt: 'C0005' } },
          ],
        },
      ],
    });
  });

  it('uses $lt or null for descending fields (nulls sort last there) and ANDs the cursor with the filter', () => {
    const cursor = cursorOf([4, 'C0004']);
    const find = translateFind({ destination: { $in: ['DE'] } }, { sort: [['items', 'desc']], limit: 4, cursor });
    expect(find.filter).toEqual({
      $and: [
        { destination: { $in: ['DE'] } },
        { $or: [{ $or: [{ items: { $lt: 4 } }, { items: { $eq: null } }] }, { items: { $eq: 4 }, _id: { $gt: 'C0004' } }] },
      ],
    });
    expect(find.sort).toEqual({ items: -1, _id: 1 });
  });

  it('handles three sort keys and null cursor values', () => {
    const cursor = cursorOf(['INITIAL_REVIEW', null, 'C0003']);
    const find = translateFind({}, { sort: [['status', 'asc'], ['note', 'desc']], cursor });
    expect(find.filter).toEqual({
      $and: [
        { status: { $gte: 'INITIAL_REVIEW' } },
        {
          $or: [
            { status: { $gt: 'INITIAL_REVIEW' } },
            // Descending, nothing comes after null: no alternative for `note` alone.
            { status: { $eq: 'INITIAL_REVIEW' }, note: { $eq: null }, _id: { $gt: 'C0003' } },
          ],
        },
      ],
    });
    // A null first value bounds nothing: the alternatives alone, and after null ascending is any value.
    expect(translateFind({}, { sort: [['note', 'asc']], cursor: cursorOf([null, 'C0003']) }).filter).toEqual({
      $or: [{ note: { $ne: null } }, { note: { $eq: null }, _id: { $gt: 'C0003' } }],
    });
  });

  it('refuses a cursor it did not give out, including one carrying operator objects', () => {
    expect(() => translateFind({}, { cursor: 'not-a-cursor' })).toThrow(InvalidCursorError);
    expect(() => translateFind({}, { cursor: cursorOf(['a', 'b']) })).toThrow(InvalidCursorError); // wrong length
    expect(() => translateFind({}, { cursor: cursorOf([{ $ne: null }]) })).toThrow(InvalidCursorError);
  });

  it('ignores an empty cursor, as the first page', () => {
    expect(translateFind({ urgent: true }, { cursor: null }).filter).toEqual({ urgent: { $eq: true } });
    expect(translateFind({ urgent: true }, { cursor: '' }).filter).toEqual({ urgent: { $eq: true } });
  });
});

describe('MongoDB index and collection names', () => {
  it('gives declared indexes stable names from their keys, and unique only where declared', () => {
    expect(toMongoIndex({ fields: [['status', 'asc'], ['dueDate', 'asc']] })).toEqual({
      key: { status: 1, dueDate: 1 },
      name: 'status_1_dueDate_1',
    });
    expect(toMongoIndex({ fields: [['email', 'asc']], unique: true })).toMatchObject({
      key: { email: 1 },
      name: 'email_1',
      unique: true,
    });
    expect(toMongoIndex({ fields: [['applicant.businessId', 'desc'], ['id', 'asc']] })).toEqual({
      key: { 'applicant.businessId': -1, _id: 1 },
      name: 'applicant.businessId_-1__id_1',
    });
  });

  it('makes a unique index partial, over documents whose key fields hold a value, so that documents with the field missing or null are never duplicates (as in SQLite)', () => {
    // One comparison from the lowest value of each JSON type: an equality query on the field implies it, so the planner can use the index.
    const holdsAValue = (field: string) => ({
      $or: [{ [field]: { $gte: '' } }, { [field]: { $gte: -Infinity } }, { [field]: { $gte: false } }, { [field]: { $gte: {} } }],
    });
    expect(toMongoIndex({ fields: [['email', 'asc']], unique: true })).toEqual({
      key: { email: 1 },
      name: 'email_1',
      unique: true,
      partialFilterExpression: holdsAValue('email'),
    });
    // Compound: as in SQLite, a document is held (and so checked) only when every key field holds a value; _id always does.
    expect(toMongoIndex({ fields: [['businessId', 'asc'], ['email', 'asc'], ['id', 'asc']], unique: true })).toEqual({
      key: { businessId: 1, email: 1, _id: 1 },
      name: 'businessId_1_email_1__id_1',
      unique: true,
      partialFilterExpression: { $and: [holdsAValue('businessId'), holdsAValue('email')] },
    });
    expect(toMongoIndex({ fields: [['email', 'asc']] })).not.toHaveProperty('partialFilterExpression');
  });

  it('leaves an index on id alone to the built-in _id index', () => {
    expect(toMongoIndex({ fields: [['id', 'asc']], unique: true })).toBeNull();
  });

  it('accepts only plain collection names', () => {
    expect(collectionName('cases_1a2b3c4d')).toBe('cases_1a2b3c4d');
    for (const bad of ['', 'system.users', 'a.b', '$cmd', '1cases', 'a b']) {
      expect(() => collectionName(bad)).toThrow(RangeError);
    }
  });
});
