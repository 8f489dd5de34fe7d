import { UnreadableEventError, type StoredEvent } from '../shared/codec';
import { applicant, at, registered } from './case.fixtures';
import { caseCodec } from './case.codec';
import { caseDecider } from './case.decider';
import { fold } from '../shared/decider';
import type { CaseEvent } from './case.events';

const envelope = (schemaVersion: number, actor = applicant) => ({ schemaVersion, actor, occurredAt: at });
const stored = (event: { type: string; data: unknown }, schemaVersion: number): StoredEvent => ({ ...event, metadata: envelope(schemaVersion) });

describe('the case codec (case-<caseNo> streams)', () => {
  it('reads a cancellation stored in its first shape (by: "APPLICANT") with the actor who cancelled', () => {
    const v1 = { type: 'CaseCancelled', data: { reason: 'Order withdrawn', cancelledAt: at, by: 'APPLICANT' } };
    expect(caseCodec.decode(stored(v1, 1))).toEqual({ type: 'CaseCancelled', data: { reason: 'Order withdrawn', cancelledAt: at, by: applicant } });
  });

  it('reads v1 edits, uploads, removals and submissions with their actor, and folds them', () => {
    const v1: Array<{ type: string; data: unknown }> = [
      { type: 'AttachmentAdded', data: { attachmentId: 'a1', type: 'CATALOGUE', fileName: 'c.pdf', size: 1, sha256: 'a'.repeat(64), mediaType: 'application/pdf', dataVersion: 1, addedAt: at } },
      { type: 'AttachmentRemoved', data: { attachmentId: 'a1', removedAt: at } },
      { type: 'ApplicationSubmitted', data: { endUse: 'Research', submittedAt: at } },
    ];
    const decoded = v1.map((event) => caseCodec.decode(stored(event, 1))!);
    for (const event of decoded) expect((event.data as { by: unknown }).by).toEqual(applicant);
    const state = fold(caseDecider, [registered(), ...decoded]);
    expect(state).toMatchObject({ status: 'INITIAL_REVIEW', attachments: [], endUse: 'Research' });
  });

  it('reads a v1 filing (NEW cases only) as one that amends, reissues and corrects nothing', () => {
    const { amends: _a, reissues: _r, corrects: _c, ...v1 } = registered().data as Record<string, unknown>;
    expect(caseCodec.decode(stored({ type: 'CaseRegistered', data: v1 }, 1))).toEqual(registered());
    const exempt = { caseNo: 'SHTC-2026-000002', application: {}, warnings: [], filedBy: applicant, agentId: null, endUse: 'Fair', filedAt: at };
    expect(caseCodec.decode(stored({ type: 'ExemptCaseFiled', data: exempt }, 1))?.data).toEqual({ ...exempt, amends: null, reissues: null, corrects: null });
    expect(fold(caseDecider, [caseCodec.decode(stored({ type: 'CaseRegistered', data: v1 }, 1))!])).toMatchObject({ amends: null, reissues: null });
  });

  it('reads a v2 filing (before corrections) as one that corrects no licence (v3)', () => {
    const { corrects: _c, ...v2 } = registered().data as Record<string, unknown>;
    expect(caseCodec.decode(stored({ type: 'CaseRegistered', data: v2 }, 2))).toEqual(registered());
    expect(fold(caseDecider, [caseCodec.decode(stored({ type: 'CaseRegistered', data: v2 }, 2))!])).toMatchObject({ corrects: null });
  });

  it('reads an event in its current shape as it is', () => {
    const event = registered();
    expect(caseCodec.decode(stored(event, caseCodec.schemaVersion(event.type)))).toEqual(event);
  });

  it('skips event types the stream does not have, and refuses one written by a newer version', () => {
    expect(caseCodec.decode(stored({ type: 'NumberAllocated', data: {} }, 1))).toBeUndefined();
    expect(caseCodec.decode(stored({ type: 'toString', data: {} }, 1))).toBeUndefined();
    expect(() => caseCodec.decode(stored({ type: 'CaseCancelled', data: {} }, 9))).toThrow(UnreadableEventError);
  });

  it('names its streams', () => {
    expect(caseCodec.streamOf('SHTC-2026-000001')).toBe('case-SHTC-2026-000001');
    expect(caseCodec.owns('case-SHTC-2026-000001')).toBe(true);
    expect(caseCodec.owns('account-12345678')).toBe(false);
    expect(caseCodec.idOf('case-SHTC-2026-000001')).toBe('SHTC-2026-000001');
  });

  it('writes every event type in a version it can read back', () => {
    const types: Array<CaseEvent['type']> = ['CaseRegistered', 'ExemptCaseFiled', 'ApplicationEdited', 'AttachmentAdded', 'AttachmentRemoved', 'ApplicationSubmitted', 'CaseCancelled'];
    for (const type of types) expect(caseCodec.schemaVersion(type)).toBeGreaterThanOrEqual(1);
  });
});
