import { unsafeInputErrors } from './unsafe-input';

describe('unpaired surrogates in a parsed body', () => {
  it('names each string and key that holds one by its path', () => {
    const body = JSON.parse('{"buyer":{"name":"a\\ud800"},"items":[{"goodsName":"ok"},{"goodsName":"\\udc00b"}],"k\\udbffey":1}');
    expect(unsafeInputErrors(body).map((e) => e.field)).toEqual(['buyer.name', 'items[1].goodsName', 'k\uFFFDey']);
  });

  it('names the body itself when it is such a string, and accepts pairs', () => {
    expect(unsafeInputErrors('\ud800')).toEqual([expect.objectContaining({ field: 'body' })]);
    expect(unsafeInputErrors({ emoji: '\ud83d\ude00', text: '統一編號' })).toEqual([]);
  });

  it('names at most 20 fields', () => {
    expect(unsafeInputErrors(Array.from({ length: 1000 }, () => '\ud800'))).toHaveLength(20);
  });
});

describe('keys named after what every object inherits', () => {
  it('are refused at any depth as the whitelist refuses an unknown field', () => {
    const body = JSON.parse('{"constructor":1,"a":[{"__proto__":{"x":1}}],"b":{"prototype":{},"toString":"x","name":"ok"}}');
    expect(unsafeInputErrors(body)).toEqual([
      { field: 'constructor', message: 'constructor is not a field of this request' },
      { field: 'a[0].__proto__', message: 'a[0].__proto__ is not a field of this request' },
      { field: 'b.prototype', message: 'b.prototype is not a field of this request' },
      { field: 'b.toString', message: 'b.toString is not a field of this request' },
    ]);
  });

  it('include every name of Object.prototype', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      expect(unsafeInputErrors(JSON.parse(`{"${name}":1}`))).toEqual([expect.objectContaining({ field: name })]);
    }
  });

  it('leave ordinary keys alone, even ones that resemble them', () => {
    expect(unsafeInputErrors({ constructorName: 'x', proto: 1, Prototype: 2, description: 'constructor' })).toEqual([]);
  });
});
