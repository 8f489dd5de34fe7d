import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  const samples: unknown[] = [
    null,
    true,
    0,
    -0,
    1e21,
    1.5e-7,
    123456789.125,
    '',
    'plain',
    'quote " backslash \\ tab \t nul \u0000 line\nbreak',
    '戰略性高科技貨品 🚢 \ud800 lone surrogate',
    [],
    [1, 'two', null, undefined, { b: 1, a: 2 }],
    { b: 2, a: 1, A: 0, é: 3, '\u20ac': 4, '\ud83d\ude00': 5, nested: { z: [3, 2, 1], y: { x: null } } },
    { skipped: undefined, kept: 'yes' },
    { date: new Date('2026-11-25T01:02:03.004Z') },
    { caseNo: 'SHTC-2026-000001', items: [{ quantity: '100.5', amount: '12000.00', currency: 'USD' }] },
  ];

  it.each(samples.map((s) => [JSON.stringify(s) ?? String(s), s]))('writes %s as the canonicalize package does', (_, sample) => {
    expect(canonicalJson(sample)).toBe(canonicalize(sample));
  });

  it('does not depend on key order', () => {
    expect(canonicalJson({ a: 1, b: { d: 1, c: 2 } })).toBe(canonicalJson({ b: { c: 2, d: 1 }, a: 1 }));
  });

  it('refuses numbers without a JSON form', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 10n })).toThrow(/decimal string/);
  });
});
