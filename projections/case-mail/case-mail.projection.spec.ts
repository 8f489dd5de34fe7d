import { caseCodec, type CaseEvent } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import { OUTBOX, type OutboxMessage } from '@shtc/notifications';
import { projectInMemory, type Document } from '@shtc/read-store';
import { FIVE_DOCUMENTS, applicant, attached, registered, standardApplication, submitted } from '../../libs/domain/src/case/case.fixtures';
import { alice, bob, claimed, forwarded, hit, screenedWith, submittedCase } from '../../libs/domain/src/case/review/review.fixtures';
import { CASE_MAIL_RECIPIENTS, caseMailProjection } from './case-mail.projection';

const RECENT_FROM = '2026-11-01T00:00:00.000Z';
const projection = caseMailProjection({ isRecent: (occurredAt) => occurredAt >= RECENT_FROM });

let position = 0n;
/** A case's events as the store records them, at the codec's current schema versions. */
function recorded(caseNo: string, events: CaseEvent[], occurredAt = '2026-12-02T03:00:00.000Z', from = 0): RecordedEvent[] {
  return events.map((event, i) => ({
    stream: caseCodec.streamOf(caseNo),
    revision: from + i,
    position: ++position,
    type: event.type,
    data: event.type === 'CaseRegistered' ? { ...event.data, caseNo } : event.data,
    metadata: {
      eventId: `e${position}`, occurredAt, actor: applicant, correlationId: 'c', causationId: 'c',
      schemaVersion: caseCodec.schemaVersion(event.type), prevHash: '', hash: '',
    },
  }));
}

const outboxOf = (documents: Map<string, Map<string, Document>>) => [...(documents.get(OUTBOX)?.values() ?? [])] as OutboxMessage[];

const licence = { licenceNo: 'LIC-2026-000007', issuedOn: '2026-12-03', validUntil: '2028-12-02', validityMonths: 24 as const, validityReason: 'ALL_FOUR_REGIMES' as const };
const internalNote = 'Called the buyer’s bank: account frozen last year';

/** A case through a supplement request, its answer, forwarding and approval, with steps that change no status between them. */
const approvedCase: CaseEvent[] = [
  ...submittedCase(standardApplication({ companyEmail: 'export@formosa.example' })),
  claimed(alice),
  screenedWith([hit({ listedName: 'RHEIN OPTICS (DENIED)' })]),
  { type: 'CaseNoteAdded', data: { noteId: 'n1', text: internalNote, addedAt: '2026-12-02T03:00:00.000Z', by: alice } },
  {
    type: 'SupplementRequested',
    data: { documents: ['BUSINESS_LICENCE', 'CATALOGUE'], message: '請補營業執照及型錄 Please send both', replyBy: '2026-12-15', requestedAt: '2026-12-01T06:00:00.000Z', resumeTo: 'INITIAL_REVIEW', by: alice },
  },
  attached('BUSINESS_LICENCE'),
  { type: 'SupplementProvided', data: { note: 'Both uploaded', providedAt: '2026-12-01T08:00:00.000Z', resumeTo: 'INITIAL_REVIEW', by: applicant } },
  forwarded(alice),
  { type: 'CaseApproved', data: { note: 'Approved as filed', approvedAt: '2026-12-03T03:00:00.000Z', by: bob, licence } },
];

describe('case-mail projection (R-NOTE-1)', () => {
  const caseNo = 'SHTC-2026-000001';
  const events = recorded(caseNo, approvedCase);
  const statusEvents = events.filter((e) => ['CaseRegistered', 'ApplicationSubmitted', 'SupplementRequested', 'SupplementProvided', 'ForwardedToSecondReview', 'CaseApproved'].includes(e.type));

  it('queues one mail per status change, in order, to the company email, keyed by the event id', async () => {
    const mails = outboxOf(await projectInMemory(projection, events));
    expect(mails.map((m) => [m.id, m.to, m.status])).toEqual(statusEvents.map((e) => [e.metadata.eventId, 'export@formosa.example', 'PENDING']));
    expect(mails.map((m) => m.subject)).toEqual([
      `案件 ${caseNo}：登錄中 / Case ${caseNo}: registered`,
      `案件 ${caseNo}：初審中 / Case ${caseNo}: in initial review`,
      `案件 ${caseNo}：補件 / Case ${caseNo}: awaiting documents`,
      `案件 ${caseNo}：初審中 / Case ${caseNo}: in initial review`,
      `案件 ${caseNo}：複審中 / Case ${caseNo}: in second review`,
      `案件 ${caseNo}：准件結案 / Case ${caseNo}: approved`,
    ]);
    for (const mail of mails) expect(mail.text).toContain(`案件編號 / Case number: ${caseNo}`);
    expect(mails[1].text).toContain('新狀態 / New status: 初審中 (INITIAL_REVIEW)');
    expect(mails[1].text).toContain('時間 / Changed at: 2026-12-01 10:00 台北時間 (Taipei time)');
  });

  it('says which documents a supplement request asks for, in the manual’s Chinese names, and by when', async () => {
    const supplement = outboxOf(await projectInMemory(projection, events))[2];
    expect(supplement.text).toContain(
      [
        '應補文件 / Documents requested:',
        "- 公司營業執照影本 / a copy of the end user's business licence (BUSINESS_LICENCE)",
        '- 產品英文型錄及規格資料 / the English product catalogue and specifications (CATALOGUE)',
        '補件期限 / Reply by: 2026-12-15',
        '審查人員說明 / Reviewer’s message:',
        '請補營業執照及型錄 Please send both',
      ].join('\n'),
    );
  });

  it('names the licence an approval issues, and its validity', async () => {
    const approval = outboxOf(await projectInMemory(projection, events))[5];
    expect(approval.text).toContain('許可證號碼 / Licence number: LIC-2026-000007');
    expect(approval.text).toContain('有效期限至 / Valid until: 2028-12-02');
    expect(approval.text).toContain('審查意見 / Reviewer’s note: Approved as filed');
  });

  it('tells nothing internal: no notes, screening hits, recommendation or reviewers', async () => {
    const mails = JSON.stringify(outboxOf(await projectInMemory(projection, events)));
    for (const internal of [internalNote, 'RHEIN OPTICS (DENIED)', 'Parties and goods check out', alice.businessId, bob.businessId, 'Reviewer R00']) {
      expect(mails).not.toContain(internal);
    }
    expect(mails).not.toMatch(/recommend|screening|\bhits?\b/i);
  });

  it('gives the reasons of a rejection, a closure for amendment and a cancellation, but not a second reviewer’s return note', async () => {
    const decided = (no: string, decision: CaseEvent) => recorded(no, [...submittedCase(), forwarded(alice), decision]);
    const documents = await projectInMemory(projection, [
      ...decided('SHTC-2026-000002', { type: 'CaseRejected', data: { reasons: ['The end user is on a denied list'], rejectedAt: '2026-12-03T03:00:00.000Z', by: bob } }),
      ...decided('SHTC-2026-000003', { type: 'ClosedForAmendment', data: { reasons: ['The consignee address is incomplete', 'Item 1 quantity'], closedAt: '2026-12-03T03:00:00.000Z', by: bob } }),
      ...decided('SHTC-2026-000004', { type: 'CaseCancelled', data: { reason: 'The applicant asked by phone', cancelledAt: '2026-12-03T03:00:00.000Z', by: bob } }),
      ...decided('SHTC-2026-000005', { type: 'ReturnedToInitialReview', data: { reason: 'Check the end user again', returnedAt: '2026-12-03T03:00:00.000Z', by: bob } }),
    ]);
    const last = (no: string) => outboxOf(documents).filter((m) => m.subject.includes(no)).at(-1)!;
    expect(last('SHTC-2026-000002').text).toContain('退件結案 (REJECTED)');
    expect(last('SHTC-2026-000002').text).toContain('理由 / Reasons:\n- The end user is on a denied list');
    expect(last('SHTC-2026-000003').text).toContain('理由 / Reasons:\n- The consignee address is incomplete\n- Item 1 quantity');
    expect(last('SHTC-2026-000003').text).toContain('以本案件編號提出補正申請');
    expect(last('SHTC-2026-000004').text).toContain('取消理由 / Reason: The applicant asked by phone');
    expect(last('SHTC-2026-000005').text).toContain('退回初審 (RETURNED_TO_INITIAL_REVIEW)');
    expect(last('SHTC-2026-000005').text).not.toContain('Check the end user again');
  });

  it('mails the company email as last edited', async () => {
    const edited: CaseEvent = {
      type: 'ApplicationEdited',
      data: { application: standardApplication({ companyEmail: 'licences@formosa.example' }), warnings: [], dataVersion: 2, editedAt: '2026-12-01T01:00:00.000Z', by: applicant },
    };
    const mails = outboxOf(await projectInMemory(projection, recorded('SHTC-2026-000006', [registered(), edited, ...FIVE_DOCUMENTS.map((type) => attached(type, 2)), submitted()])));
    expect(mails.map((m) => m.to)).toEqual(['export@formosa.example', 'licences@formosa.example']);
  });

  it('queues nothing for history older than the mail horizon, yet mails the next change to the right address', async () => {
    const old = recorded('SHTC-2026-000008', submittedCase(standardApplication({ companyEmail: 'old@formosa.example' })), '2026-01-05T00:00:00.000Z');
    const documents = await projectInMemory(projection, old);
    expect(outboxOf(documents)).toEqual([]);
    const next = recorded('SHTC-2026-000008', [forwarded(alice)], '2026-12-02T03:00:00.000Z', old.length);
    expect(outboxOf(await projectInMemory(projection, next, documents)).map((m) => m.to)).toEqual(['old@formosa.example']);
  });

  it('gives the same documents when its events are applied twice', async () => {
    const once = await projectInMemory(projection, events);
    const twice = await projectInMemory(projection, events, await projectInMemory(projection, events));
    expect(twice).toEqual(once);
  });

  it('leaves mail already sent alone when rebuilt over the shared outbox', async () => {
    const first = await projectInMemory(projection, events);
    const sent = outboxOf(first).map((m) => ({ ...m, status: 'SENT', sentAt: '2026-12-03T04:00:00.000Z' }));
    // A rebuild fills fresh recipients, but the outbox is shared: it is the one the sender worked on.
    const rebuilt = await projectInMemory(projection, events, new Map([[OUTBOX, new Map(sent.map((m) => [m.id, m as Document]))]]));
    expect(outboxOf(rebuilt)).toEqual(sent);
    expect(rebuilt.get(CASE_MAIL_RECIPIENTS)!.get(caseNo)).toEqual({ id: caseNo, caseNo, companyEmail: 'export@formosa.example' });
  });

  it('ignores streams that are not cases', async () => {
    const other = { ...events[0], stream: 'account-12345678' };
    expect(await projectInMemory(projection, [other])).toEqual(new Map());
  });
});
