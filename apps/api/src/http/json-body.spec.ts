import { exceedsDepth, malformedStrings } from './json-body';

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

describe('unpaired surrogates in a parsed body', () => {
  it('names each string and key that holds one by its path', () => {
    const body = JSON.parse('{"buyer":{"name":"a\\ud800"},"items":[{"goodsName":"ok"},{"goodsName":"\\udc00b"}],"k\\udbffey":1}');
    expect(malformedStrings(body).map((e) => e.field)).toEqual(['buyer.name', 'items[1].goodsName', 'k\uFFFDey']);
  });

  it('names the body itself when it is such a string, and accepts pairs', () => {
    expect(malformedStrings('\ud800')).toEqual([expect.objectContaining({ field: 'body' })]);
    expect(malformedStrings({ emoji: '\ud83d\ude00', text: '統一編號' })).toEqual([]);
  });

  it('names at most 20 fields', () => {
    expect(malformedStrings(Array.from({ length: 1000 }, () => '\ud800'))).toHaveLength(20);
  });
});
