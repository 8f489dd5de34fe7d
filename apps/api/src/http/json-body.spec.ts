import { exceedsDepth } from './json-body';

describe('JSON nesting depth', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('counts objects and arrays opened at once, not in total', () => {
    expect(exceedsDepth(nested(3), 3)).toBe(false);
    expect(exceedsDepth(nested(4), 3)).toBe(true);
    expect(exceedsDepth('[[],[],[],[],[]]', 2)).toBe(false);
    expect(exceedsDepth('{"a":{"b":[1]}}', 2)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsDepth(JSON.stringify({ a: '[[[[{{{{' }), 1)).toBe(false);
    expect(exceedsDepth(JSON.stringify({ a: '\\"[[[[', b: '"{{' }), 1)).toBe(false);
    expect(exceedsDepth(JSON.stringify({ a: '\\' }) + '[[', 1)).toBe(true);
  });

  it('walks a million levels without recursion', () => {
    expect(exceedsDepth(nested(1_000_000), 64)).toBe(true);
  });
});
