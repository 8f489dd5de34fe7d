import { LICENCE_SCHEDULER, type Actor, type CaseEvent, type LicenceEvent } from '@shtc/domain';
import { applicant, at, reviewer, standardApplication } from '../../libs/domain/src/case/case.fixtures';
import { customs } from '../../libs/domain/src/licence/licence.fixtures';
import { describeCaseEvent } from './describe-case-event';
import { describeLicenceEvent } from './describe-licence-event';
import { whoOf } from './wording';

const admin: Actor = { accountId: 'acc-admin', role: 'ADMIN', businessId: 'A001' };
const agent: Actor = { accountId: 'acc-agent', role: 'AGENT', businessId: '87654321' };
const noAttachments = { attachments: [] };
const ofCase = (event: CaseEvent, actor: Actor = reviewer) => describeCaseEvent(event, whoOf(actor), noAttachments);
const ofLicence = (event: LicenceEvent, actor: Actor) => describeLicenceEvent(event, whoOf(actor));

/** What the timeline says of the steps the audit journey e2e does not take, in both languages. */
describe('timeline descriptions', () => {
  it.each<[string, CaseEvent, Actor, string, string]>([
    [
      'an exempt case filed by an agent',
      {
        type: 'ExemptCaseFiled',
        data: {
          caseNo: 'SHTC-2026-000009', application: standardApplication({ route: 'EXEMPT', exemption: { reason: 'EXHIBITION', endUse: 'Shown in Munich', returnBy: '2027-03-01' } }),
          warnings: [], filedBy: agent, agentId: agent.businessId, endUse: 'Shown in Munich', filedAt: at, amends: null, reissues: null, corrects: null,
        },
      },
      agent,
      `Agent ${agent.businessId} filed exempt case SHTC-2026-000009 (exhibition goods, to DE) and submitted it at once for applicant 12345678`,
      `代理人 ${agent.businessId} 申請免附保證書案件 SHTC-2026-000009（展覽品，目的地 DE）並逕行送審，代申請人 12345678`,
    ],
    ['an edit', { type: 'ApplicationEdited', data: { application: standardApplication(), warnings: [], dataVersion: 2, editedAt: at, by: applicant } }, applicant, 'Applicant 12345678 edited the application (data version 2)', '申請人 12345678 修改申請資料（第 2 版）'],
    ['a cancellation by the applicant', { type: 'CaseCancelled', data: { reason: 'Order withdrawn', cancelledAt: at, by: applicant } }, applicant, 'Applicant 12345678 cancelled the case: Order withdrawn', '申請人 12345678 取消案件：Order withdrawn'],
    [
      'a cancellation on request',
      { type: 'CaseCancelled', data: { reason: 'Asked by phone', cancelledAt: at, by: reviewer } },
      reviewer,
      "Reviewer R001 cancelled the case on the applicant's request: Asked by phone",
      '審查人員 R001 依申請人要求取消案件：Asked by phone',
    ],
    ['a claim', { type: 'CaseClaimed', data: { assignee: { accountId: 'acc-r1', businessId: 'R001', name: 'Alice' }, claimedAt: at, by: reviewer } }, reviewer, 'Reviewer R001 claimed the case', '審查人員 R001 認領案件'],
    ['a release', { type: 'CaseReleased', data: { releasedAt: at, by: reviewer } }, reviewer, 'Reviewer R001 released the case back to its queue', '審查人員 R001 釋出案件，回到待審佇列'],
    [
      'a reassignment',
      { type: 'CaseReassigned', data: { assignee: { accountId: 'acc-r2', businessId: 'R002', name: 'Bob' }, reason: 'On leave', reassignedAt: at, by: reviewer } },
      reviewer,
      'Reviewer R001 reassigned the case to Bob (R002): On leave',
      '審查人員 R001 改派案件予 Bob（R002）：On leave',
    ],
    [
      'a referral',
      { type: 'CaseReferredToConsultation', data: { agencies: [{ agency: 'MND', dueDate: '2027-01-20' }, { agency: 'MOEA-IDB', dueDate: '2027-01-14' }], note: '', referredAt: at, resumeTo: 'INITIAL_REVIEW', by: reviewer } },
      reviewer,
      'Reviewer R001 referred the case for consultation to MND (due 2027-01-20) and MOEA-IDB (due 2027-01-14)',
      '審查人員 R001 送 MND（期限 2027-01-20）、MOEA-IDB（期限 2027-01-14）協查',
    ],
    [
      'an agency\'s objection',
      { type: 'ConsultationReplyRecorded', data: { agency: 'MND', opinion: 'OBJECTION', note: 'Known diverter', repliedAt: at, by: reviewer } },
      reviewer,
      "Reviewer R001 recorded MND's opinion: objection (Known diverter)",
      '審查人員 R001 登錄 MND 協查意見：反對（Known diverter）',
    ],
    [
      'the end of a consultation',
      { type: 'ConsultationCompleted', data: { completedAt: at, resumeTo: 'SECOND_REVIEW' } },
      reviewer,
      'Consultation completed: every agency has replied; the case is back in second review',
      '協查完成：各機關均已回覆，案件回到複審中',
    ],
    ['a return', { type: 'ReturnedToInitialReview', data: { reason: 'Check the end user', returnedAt: at, by: reviewer } }, reviewer, 'Reviewer R001 returned the case to initial review: Check the end user', '審查人員 R001 退回初審：Check the end user'],
    ['a rejection', { type: 'CaseRejected', data: { reasons: ['Denied party'], rejectedAt: at, by: reviewer } }, reviewer, 'Reviewer R001 rejected the case: Denied party', '審查人員 R001 退件結案：Denied party'],
    ['a note', { type: 'CaseNoteAdded', data: { noteId: 'n1', text: 'Called the applicant', addedAt: at, by: reviewer } }, reviewer, 'Reviewer R001 added an internal note: Called the applicant', '審查人員 R001 新增內部備註：Called the applicant'],
    [
      'a screening',
      {
        type: 'PartiesScreened',
        data: { lists: ['OFAC-SDN'], hits: [{ hitId: 'h1', party: 'BUYER', name: 'Rhein Optics GmbH', listedName: 'RHEIN OPTICS', source: 'OFAC-SDN', listEntryId: 'e1', score: 1 }], screenedAt: at, by: admin },
      },
      admin,
      'Administrator A001 screened the parties against OFAC-SDN: 1 new hit(s)',
      '系統管理者 A001 依 OFAC-SDN 名單篩檢當事人：新增 1 筆疑似相符',
    ],
    [
      'a false match',
      { type: 'ScreeningHitDisposed', data: { hitId: 'h1', disposition: 'FALSE_MATCH', reason: 'Different address', disposedAt: at, by: reviewer } },
      reviewer,
      'Reviewer R001 recorded screening hit h1 as a false match: Different address',
      '審查人員 R001 判定篩檢疑似相符 h1 非相符：Different address',
    ],
  ])('%s', (_, event, actor, en, zh) => {
    expect(ofCase(event, actor)).toEqual({ en, zh });
  });

  it.each<[string, LicenceEvent, Actor, string, string]>([
    [
      'a mismatch',
      {
        type: 'DeclarationCompared',
        data: {
          declarationNo: 'AA/15/1', declaration: { exporterId: '12345678', destination: 'DE', consigneeName: 'X', items: [] }, result: 'MISMATCH',
          differences: [{ itemNo: 1, field: 'quantity', licence: '100.5', declaration: '101' }], coProcessingCode: 'M0001', correctionCaseNo: null, comparedAt: at, by: customs,
        },
      },
      customs,
      'Customs CUSTOMS compared declaration AA/15/1 with the licence: mismatch on 1 field(s), co-processing code M0001',
      '海關 CUSTOMS 比對報單 AA/15/1 與許可證：不符（1 項差異，會辦識別碼 M0001）',
    ],
    ['an exhaustion', { type: 'LicenceExhausted', data: { declarationNo: 'AA/15/2', exhaustedAt: at } }, customs, "Licence exhausted by declaration AA/15/2: every item's quantity is used", '許可證數量已用罄（報單 AA/15/2）'],
    [
      'an expiry, by the scheduler',
      { type: 'LicenceExpired', data: { validUntil: '2027-06-03', expiredAt: at, by: LICENCE_SCHEDULER } },
      LICENCE_SCHEDULER,
      'The scheduler recorded that the licence expired (valid until 2027-06-03)',
      '系統排程 登錄許可證逾期失效（有效期限至 2027-06-03）',
    ],
    [
      'a cancellation',
      { type: 'LicenceCancelled', data: { cancelledLicenceNo: 'LIC-2026-000001', reason: 'Order reduced', balance: [], cancelledAt: at, by: applicant } },
      applicant,
      'Applicant 12345678 cancelled the licence: Order reduced; its balance stays on record under cancelled-licence number LIC-2026-000001',
      '申請人 12345678 註銷許可證：Order reduced；餘額註銷證號 LIC-2026-000001',
    ],
  ])('%s', (_, event, actor, en, zh) => {
    expect(ofLicence(event, actor)).toEqual({ en, zh });
  });

  it('keeps free text on one line and short', () => {
    const long = `${'Line one\n\tline two '.repeat(20)}=cmd`;
    const { en } = ofCase({ type: 'CaseNoteAdded', data: { noteId: 'n', text: long, addedAt: at, by: reviewer } });
    expect(en).not.toMatch(/[\n\t]/);
    expect(en.length).toBeLessThan(170);
    expect(en.endsWith('…')).toBe(true);
  });
});
