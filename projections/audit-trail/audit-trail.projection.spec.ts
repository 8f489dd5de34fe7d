import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import { SqliteReadStore, projectInMemory } from '@shtc/read-store';
import { applicant, at, reviewer, standardApplication } from '../../libs/domain/src/case/case.fixtures';
import { cancelled, customs, issued, released } from '../../libs/domain/src/licence/licence.fixtures';
import { TRAIL_ENTRIES, TRAIL_STREAMS, auditTrailProjection, type TrailEntryDocument } from './audit-trail.projection';
import { caseFamily, familyEntries } from './case-family';

const secondReviewer: Actor = { accountId: 'acc-r2', role: 'REVIEWER', businessId: 'R002' };
const A = 'SHTC-2026-000001';
const B = 'SHTC-2026-000002';
const UNRELATED = 'SHTC-2026-000003';
const LICENCE = 'LIC-2026-000001';
const CLOSED = 'SHTC-2026-000004';
const AMENDMENT = 'SHTC-2026-000005';
const CORRECTION = 'SHTC-2026-000006';
const MISMATCH = 'SHTC-2026-000007';

let position = 0n;
const revisions = new Map<string, number>();
/** The next event of a stream, recorded at the next position, its envelope naming `actor`. */
const recorded = (stream: string, actor: Actor, type: string, data: object, schemaVersion?: number): RecordedEvent => {
  const revision = revisions.get(stream) ?? 0;
  revisions.set(stream, revision + 1);
  position += 1n;
  return {
    stream, revision, position, type, data,
    metadata: { eventId: `e${position}`, occurredAt: at, actor, correlationId: 'c', causationId: 'c', schemaVersion: schemaVersion ?? 3, prevHash: '', hash: '' },
  };
};
const origin = { amends: null, reissues: null, corrects: null };
const registration = (caseNo: string, extra: object = origin) => ({ caseNo, application: standardApplication(), warnings: [], filedBy: applicant, agentId: null, registeredAt: at, ...extra });
const corrects = (declarationNo: string | null) => ({
  licenceNo: LICENCE, description: 'The consignee moved', declarationNo, coProcessingCode: declarationNo && 'M0001', version: 1,
  licensed: { destination: 'DE', buyer: standardApplication().buyer, consignee: { sameAsBuyer: true }, endUser: standardApplication().endUser, partialShipments: true, items: standardApplication().items },
});
const filed = (caseNo: string, kind: string, extra: object) => ({ ...registration(caseNo, { ...origin, ...extra }), application: standardApplication({ kind: kind as 'NEW' }) });
const licence = { licenceNo: LICENCE, issuedOn: '2026-12-04', validUntil: '2027-06-03', validityMonths: 6, validityReason: 'STANDARD' };

/** Case A through a supplement to approval, its licence released from and cancelled, case B reissuing the balance, and a case of another family. */
const history: RecordedEvent[] = [
  // Stored in its first shape: the codec reads it as a NEW case (no amends, reissues or corrects).
  recorded(`case-${A}`, applicant, 'CaseRegistered', { caseNo: A, application: standardApplication(), warnings: [], filedBy: applicant, agentId: null, registeredAt: at }, 1),
  recorded(`case-${UNRELATED}`, applicant, 'CaseRegistered', registration(UNRELATED)),
  recorded(`case-${A}`, applicant, 'AttachmentAdded', { attachmentId: 'att-1', type: 'CATALOGUE', fileName: 'catalogue\nv1.pdf', size: 1, sha256: 'a'.repeat(64), mediaType: 'application/pdf', dataVersion: 1, addedAt: at, by: applicant }, 2),
  recorded(`case-${A}`, applicant, 'AttachmentRemoved', { attachmentId: 'att-1', removedAt: at, by: applicant }, 2),
  recorded(`case-${A}`, applicant, 'ApplicationSubmitted', { endUse: 'Optical test benches', submittedAt: at, by: applicant }, 2),
  recorded(`case-${A}`, reviewer, 'SupplementRequested', { documents: ['BUSINESS_LICENCE'], message: '請補件', replyBy: '2026-12-08', requestedAt: at, resumeTo: 'INITIAL_REVIEW', by: reviewer }, 1),
  recorded(`case-${A}`, applicant, 'SupplementProvided', { note: 'Uploaded', providedAt: at, resumeTo: 'INITIAL_REVIEW', by: applicant }, 1),
  recorded(`case-${A}`, reviewer, 'ForwardedToSecondReview', { recommendation: 'APPROVE', note: '', forwardedAt: at, by: reviewer }, 1),
  recorded(`case-${A}`, secondReviewer, 'CaseApproved', { note: '', approvedAt: at, by: secondReviewer, licence }, 1),
  recorded(`licence-${LICENCE}`, secondReviewer, 'LicenceIssued', issued({ by: secondReviewer }).data, 1),
  recorded(`licence-${LICENCE}`, customs, 'GoodsReleased', released([{ itemNo: 1, quantity: '40', balance: '60.5' }]).data, 1),
  recorded(`licence-${LICENCE}`, applicant, 'LicenceCancelled', cancelled().data, 1),
  recorded(`case-${B}`, applicant, 'CaseRegistered', registration(B, { ...origin, reissues: LICENCE })),
  recorded(`licence-${LICENCE}`, applicant, 'BalanceReissued', { caseNo: B, reissuedAt: at, by: applicant }, 1),
  // A case closed for amendment and the amendment; a correction and a mismatch correction of the licence.
  recorded(`case-${CLOSED}`, applicant, 'CaseRegistered', registration(CLOSED)),
  recorded(`case-${CLOSED}`, reviewer, 'ClosedForAmendment', { reasons: ['The consignee address is incomplete', 'Item 1: spec\nmissing'], closedAt: at, by: reviewer }, 1),
  recorded(`case-${AMENDMENT}`, applicant, 'CaseRegistered', filed(AMENDMENT, 'AMENDMENT', { amends: CLOSED })),
  recorded(`case-${CORRECTION}`, applicant, 'CaseRegistered', filed(CORRECTION, 'CORRECTION', { corrects: corrects(null) })),
  recorded(`case-${MISMATCH}`, applicant, 'CaseRegistered', filed(MISMATCH, 'MISMATCH_CORRECTION', { corrects: corrects('AA/15/123/45678') })),
  recorded(`licence-${LICENCE}`, secondReviewer, 'LicenceCorrected', {
    ...corrects(null).licensed, caseNo: CORRECTION, kind: 'CORRECTION', version: 2, description: 'The consignee moved', correctedAt: at, by: secondReviewer,
  }, 1),
];

const entries = async () => [...(await projectInMemory(auditTrailProjection, history)).get(TRAIL_ENTRIES)!.values()] as TrailEntryDocument[];
const describedAs = async (type: string) => (await entries()).find((entry) => entry.type === type)!.description;

describe('audit-trail projection', () => {
  it('gives the same documents when its events are applied twice', async () => {
    const once = await projectInMemory(auditTrailProjection, history);
    const twice = await projectInMemory(auditTrailProjection, history, structuredClone(once));
    expect(twice).toEqual(once);
  });

  it('keeps one entry per event, keyed by its position, with who did it and the status it left', async () => {
    const all = await entries();
    expect(all).toHaveLength(history.length);
    expect(all.find((entry) => entry.type === 'SupplementRequested')).toMatchObject({
      id: '00000000000000000006', stream: `case-${A}`, streamId: A, revision: 4, occurredAt: at,
      actor: { role: 'REVIEWER', businessId: 'R001' }, status: 'AWAITING_SUPPLEMENT', statusZh: '補件',
    });
    expect(all.find((entry) => entry.type === 'LicenceCancelled')).toMatchObject({ streamId: LICENCE, status: 'CANCELLED', statusZh: '已註銷' });
    expect(all.find((entry) => entry.type === 'GoodsReleased')).toMatchObject({ status: null, actor: { role: 'CUSTOMS' } });
  });

  it('describes each step in English and Traditional Chinese, naming who did it', async () => {
    expect(await describedAs('SupplementRequested')).toEqual({
      en: "Reviewer R001 asked for a copy of the end user's business licence, due 2026-12-08",
      zh: '審查人員 R001 通知補件：公司營業執照影本，期限 2026-12-08',
    });
    expect(await describedAs('CaseRegistered')).toEqual({
      en: `Applicant 12345678 registered case ${A} (new application, standard route, to DE)`,
      zh: `申請人 12345678 登錄案件 ${A}（新申請，一般案件，目的地 DE）`,
    });
    expect(await describedAs('ForwardedToSecondReview')).toEqual({ en: 'Reviewer R001 forwarded the case to second review, recommending approval', zh: '審查人員 R001 陳送複審，建議准件' });
    expect(await describedAs('CaseApproved')).toEqual({
      en: `Reviewer R002 approved the case: licence ${LICENCE}, valid until 2027-06-03 (6 months)`,
      zh: `審查人員 R002 准件結案：許可證 ${LICENCE}，有效期限至 2027-06-03（6 個月）`,
    });
    expect(await describedAs('GoodsReleased')).toEqual({ en: 'Customs CUSTOMS released declaration AA/15/123/45678: item 1 × 40 (balance 60.5)', zh: '海關 CUSTOMS 放行報單 AA/15/123/45678：項次 1 數量 40（餘額 60.5）' });
  });

  it('describes a removed attachment by what it was, its file name on one line', async () => {
    expect(await describedAs('AttachmentRemoved')).toEqual({
      en: 'Applicant 12345678 removed the English product catalogue and specifications (catalogue v1.pdf)',
      zh: '申請人 12345678 刪除產品英文型錄及規格資料（catalogue v1.pdf）',
    });
  });

  it('names where a case starts from: the case it amends, the licence whose balance it reissues or which it corrects', async () => {
    const registered = async (caseNo: string) => (await entries()).find((entry) => entry.streamId === caseNo)!.description;
    expect((await registered(B)).en).toBe(`Applicant 12345678 registered case ${B} (new application, standard route, to DE), reissuing the balance of cancelled licence ${LICENCE}`);
    expect((await registered(B)).zh).toContain(`餘額重簽已註銷許可證 ${LICENCE}`);
    expect(await registered(AMENDMENT)).toEqual({
      en: `Applicant 12345678 registered case ${AMENDMENT} (amendment, standard route, to DE), amending case ${CLOSED}`,
      zh: `申請人 12345678 登錄案件 ${AMENDMENT}（補正，一般案件，目的地 DE），補正案件 ${CLOSED}`,
    });
    expect((await registered(CORRECTION)).en).toBe(`Applicant 12345678 registered case ${CORRECTION} (correction, standard route, to DE), correcting licence ${LICENCE} (version 1)`);
    expect(await registered(MISMATCH)).toEqual({
      en: `Applicant 12345678 registered case ${MISMATCH} (mismatch correction, standard route, to DE), correcting licence ${LICENCE} (version 1) for the mismatch of declaration AA/15/123/45678`,
      zh: `申請人 12345678 登錄案件 ${MISMATCH}（單證比對不符修正，一般案件，目的地 DE），修正許可證 ${LICENCE}（第 1 版）與報單 AA/15/123/45678 之比對不符`,
    });
    expect(await describedAs('LicenceCorrected')).toEqual({
      en: `Reviewer R002 corrected the licence to version 2 by correction case ${CORRECTION}: The consignee moved`,
      zh: `審查人員 R002 依更正案件 ${CORRECTION} 將許可證更正為第 2 版：The consignee moved`,
    });
    expect(await describedAs('ClosedForAmendment')).toEqual({
      en: 'Reviewer R001 closed the case for amendment: The consignee address is incomplete; Item 1: spec missing',
      zh: '審查人員 R001 補正結案：The consignee address is incomplete；Item 1: spec missing',
    });
  });

  describe('a case family, read from the stream links in a SQLite read store', () => {
    let dir: string;
    let store: SqliteReadStore;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'audit-trail-'));
      store = new SqliteReadStore(join(dir, 'read.sqlite'));
      for (const collection of auditTrailProjection.collections) await store.ensureCollection(collection);
      for (const [collection, documents] of await projectInMemory(auditTrailProjection, history)) {
        for (const document of documents.values()) await store.put(collection, document);
      }
    });
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('gathers from any member the whole line: the case, its licence, the cases reissuing or correcting it; an amendment with the case it amends; nothing else', async () => {
      for (const member of [A, B]) {
        const family = await caseFamily(store, TRAIL_STREAMS, member);
        expect(family).toMatchObject({ root: `case-${A}`, complete: true });
        expect(family!.streams.map((stream) => [stream.id, stream.parent, stream.relation])).toEqual([
          [`case-${A}`, null, null],
          [`licence-${LICENCE}`, `case-${A}`, 'ISSUED_BY'],
          [`case-${B}`, `licence-${LICENCE}`, 'REISSUES'],
          [`case-${CORRECTION}`, `licence-${LICENCE}`, 'CORRECTS'],
          [`case-${MISMATCH}`, `licence-${LICENCE}`, 'MISMATCH_CORRECTS'],
        ]);
      }
      for (const member of [CLOSED, AMENDMENT]) {
        expect((await caseFamily(store, TRAIL_STREAMS, member))!.streams.map((stream) => [stream.id, stream.relation])).toEqual([
          [`case-${CLOSED}`, null],
          [`case-${AMENDMENT}`, 'AMENDS'],
        ]);
      }
      expect((await caseFamily(store, TRAIL_STREAMS, UNRELATED))!.streams.map((stream) => stream.id)).toEqual([`case-${UNRELATED}`]);
      expect(await caseFamily(store, TRAIL_STREAMS, 'SHTC-2026-999999')).toBeNull();
    });

    it('merges the family\'s entries in the log\'s order, page by page', async () => {
      const streams = (await caseFamily(store, TRAIL_STREAMS, B))!.streams.map((stream) => stream.id);
      const first = await familyEntries(store, TRAIL_ENTRIES, streams, { limit: 10 });
      const rest = await familyEntries(store, TRAIL_ENTRIES, streams, { limit: 20, cursor: first.nextCursor });
      const seen = [...first.items, ...rest.items];
      expect(rest.nextCursor).toBeNull();
      const family = new Set(streams);
      expect(seen.map((entry) => entry.position)).toEqual(history.filter((event) => family.has(event.stream)).map((event) => event.position.toString().padStart(20, '0')));
      expect(seen.map((entry) => entry.type)).toContain('LicenceCorrected');
    });
  });
});
