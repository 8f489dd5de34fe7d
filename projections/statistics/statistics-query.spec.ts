import { parseStatisticsQuery } from './statistics-query';

describe('statistics queries: ?from=&to=&by=', () => {
  it('takes two dates and a breakdown, by month unless told', () => {
    expect(parseStatisticsQuery({ from: '2027-01-01', to: '2027-12-31' })).toEqual({ ok: true, query: { from: '2027-01-01', to: '2027-12-31', by: 'month' } });
    expect(parseStatisticsQuery({ from: '2027-01-01', to: '2027-01-01', by: 'regime' })).toEqual({ ok: true, query: { from: '2027-01-01', to: '2027-01-01', by: 'regime' } });
  });

  it('names each field that is wrong', () => {
    const errors = (input: Record<string, unknown>) => {
      const parsed = parseStatisticsQuery(input);
      return parsed.ok ? [] : parsed.errors.map((error) => error.field);
    };
    expect(errors({})).toEqual(['from', 'to']);
    expect(errors({ from: '2027-02-30', to: '2027-13-01' })).toEqual(['from', 'to']);
    expect(errors({ from: '27-01-01', to: '2027-01-01T00:00' })).toEqual(['from', 'to']);
    expect(errors({ from: '2027-01-01', to: '2027-01-31', by: 'week' })).toEqual(['by']);
    expect(errors({ from: '2027-02-01', to: '2027-01-31' })).toEqual(['to']);
  });

  it('answers at most three years at once', () => {
    expect(parseStatisticsQuery({ from: '2025-01-01', to: '2027-12-31' }).ok).toBe(true);
    const longer = parseStatisticsQuery({ from: '2025-01-01', to: '2028-01-01' });
    expect(longer).toEqual({ ok: false, errors: [{ field: 'to', message: 'The range may span at most 3 years: to must be before 2028-01-01' }] });
  });
});
