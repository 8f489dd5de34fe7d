import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { GENESIS_HASH, eventHash, sealEvent } from './envelope';

describe('the hash chain (architecture.md item 5)', () => {
  const event = {
    type: 'AttachmentAdded',
    data: { fileName: '最終用途保證書.pdf', size: 1234, nested: { z: [1, 'two', null], a: true } },
    metadata: {
      eventId: 'e-1',
      occurredAt: '2026-12-01T02:00:00.000Z',
      actor: { accountId: 'acc-1', role: 'APPLICANT', businessId: '12345678' },
      correlationId: 'c-1',
      causationId: 'c-1',
      schemaVersion: 2,
    },
  };
  /** The formula, written with an independent canonical JSON (the canonicalize package) and a Hash object. */
  const expected = (prevHash: string, sealed: { type: string; data: unknown; metadata: object }) =>
    createHash('sha256').update(prevHash).update(canonicalize(sealed)!).digest('hex');

  it('is sha256(prevHash + canonical JSON of type, data and metadata without hash), from genesis on', () => {
    const first = sealEvent(GENESIS_HASH, event);
    expect(first.metadata.prevHash).toBe('');
    const { hash, ...unsealed } = first.metadata;
    expect(hash).toBe(expected('', { type: event.type, data: event.data, metadata: unsealed }));
    expect(eventHash('', { type: event.type, data: event.data, metadata: unsealed })).toBe(hash);

    const second = sealEvent(hash, { ...event, data: { note: 'next' } });
    const { hash: secondHash, ...secondUnsealed } = second.metadata;
    expect(secondUnsealed.prevHash).toBe(hash);
    expect(secondHash).toBe(expected(hash, { type: event.type, data: { note: 'next' }, metadata: secondUnsealed }));
  });
});
