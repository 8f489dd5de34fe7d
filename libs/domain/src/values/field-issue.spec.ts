import { accepted, collect, issue, readText, refused } from './field-issue';

describe('field issues', () => {
  it('a refusal names the field, the rule and a message', () => {
    expect(refused(issue('items[2].quantity', 'R-ITEM-3', 'Quantity must be greater than zero'))).toEqual({
      ok: false,
      issues: [{ field: 'items[2].quantity', rule: 'R-ITEM-3', message: 'Quantity must be greater than zero' }],
      warnings: [],
    });
  });
  it('collects issues and warnings of several checks in order', () => {
    const warning = issue('items[0].cccCode', 'R-ITEM-4', 'check digit');
    const error = issue('items[1].unit', 'R-ITEM-6', 'Unit is required');
    expect(collect([accepted('x', [warning]), refused(error)])).toEqual({ issues: [error], warnings: [warning] });
  });
  it('reads text trimmed; blank is missing; a non-string is null', () => {
    expect(readText(' a ')).toBe('a');
    expect(readText('   ')).toBeUndefined();
    expect(readText(undefined)).toBeUndefined();
    expect(readText(3)).toBeNull();
  });
});
