import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalMetadataJson } from './metadata-json';

describe('canonicalMetadataJson', () => {
  const text = fc.string({ unit: 'binary' });
  const envelope = fc.record({
    eventId: text,
    occurredAt: text,
    actor: fc.record({ accountId: text, role: text, businessId: text }),
    correlationId: text,
    causationId: text,
    schemaVersion: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    prevHash: text,
  });

  it('writes the envelope as the canonicalize package does, whatever its strings hold', () => {
    fc.assert(fc.property(envelope, (metadata) => canonicalMetadataJson(metadata) === canonicalize(metadata)));
  });

  it('leaves out a hash set to undefined, and writes other shapes as canonical JSON does', () => {
    fc.assert(
      fc.property(envelope, fc.dictionary(fc.string(), fc.jsonValue()), (metadata, extra) => {
        const withExtra = { ...extra, ...metadata, hash: undefined };
        return canonicalMetadataJson(withExtra) === canonicalize(JSON.parse(JSON.stringify(withExtra)));
      }),
    );
    const odd = { eventId: 'e', occurredAt: 'o', actor: { accountId: 'a', role: 'r', businessId: 'b', extra: 1 }, correlationId: 'c', causationId: 'c', schemaVersion: '2', prevHash: '' };
    expect(canonicalMetadataJson(odd)).toBe(canonicalize(odd));
  });
});
