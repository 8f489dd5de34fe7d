import { deciderSpec } from '../../testing/decider-spec';
import type { FreeText } from '../../values';
import {
  FIVE_DOCUMENTS,
  applicant,
  assuranceSnapshot,
  at,
  attached,
  fileCommand,
  iranNkApplication,
  item,
  later,
  registered,
  standardApplication,
  submitted,
} from '../case.fixtures';
import type { CaseCommand } from '../case.commands';
import { caseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';

const spec = deciderSpec(caseDecider);
const allFive = FIVE_DOCUMENTS.map((type) => attached(type));
const submit: CaseCommand = { type: 'SubmitApplication', endUse: 'Optical test benches for telecom R&D', by: applicant, at: later };
const submittedNow: CaseEvent = { type: 'ApplicationSubmitted', data: { endUse: submit.endUse, submittedAt: later, by: applicant } };
const cancel = (reason: string, when = later): CaseCommand => ({ type: 'CancelApplication', reason: reason as FreeText, by: applicant, at: when });

describe('case decider: filing (case/filing/)', () => {
  describe('R-NEW-1 registering a standard case', () => {
    it('registers the case data under its number, status REGISTERED', () => {
      spec.given([]).when(fileCommand(standardApplication())).then([registered()]);
    });
    it('refuses a second filing under the same number', () => {
      spec.given([registered()]).when(fileCommand(standardApplication())).thenRefuses('R-NEW-1', { kind: 'CONFLICT' });
    });
    it('refuses a standard case to Iran or North Korea (R-IRNK-1)', () => {
      spec.given([]).when(fileCommand(standardApplication({ destination: 'KP' }))).thenRefuses('R-IRNK-1', { field: 'route' });
    });
    it('records the agent and the applicant it filed for (R-ACC-4)', () => {
      const agent = { accountId: 'acc-9', role: 'AGENT', businessId: '99887766' };
      spec
        .given([])
        .when(fileCommand(standardApplication(), { by: agent, agentId: '99887766' }))
        .then([{ type: 'CaseRegistered', data: { caseNo: 'SHTC-2026-000001', application: standardApplication(), warnings: [], filedBy: agent, agentId: '99887766', amends: null, reissues: null, corrects: null, registeredAt: at } }]);
    });
  });

  describe('R-EXEMPT exempt route', () => {
    const exempt = standardApplication({
      route: 'EXEMPT',
      exemption: { reason: 'EXHIBITION', endUse: 'Shown at Laser World of Photonics, Munich', returnBy: '2027-03-01' },
    });
    it('files and submits at once with the English end use (R-EXEMPT-2)', () => {
      spec
        .given([])
        .when(fileCommand(exempt, { endUse: 'Shown at Laser World of Photonics, Munich' }))
        .then([{ type: 'ExemptCaseFiled', data: { caseNo: 'SHTC-2026-000001', application: exempt, warnings: [], filedBy: applicant, agentId: null, amends: null, reissues: null, corrects: null, endUse: 'Shown at Laser World of Photonics, Munich', filedAt: at } }]);
    });
    it('refuses without a reason (R-EXEMPT-1) or an end use (R-EXEMPT-2)', () => {
      spec.given([]).when(fileCommand({ ...exempt, exemption: null }, { endUse: 'x' })).thenRefuses('R-EXEMPT-1', { kind: 'INVALID' });
      spec.given([]).when(fileCommand(exempt)).thenRefuses('R-EXEMPT-2', { field: 'exemption.endUse' });
    });
    it('accepts its documents after filing, while in initial review', () => {
      const filed: CaseEvent = { type: 'ExemptCaseFiled', data: { caseNo: 'SHTC-2026-000001', application: exempt, warnings: [], filedBy: applicant, agentId: null, amends: null, reissues: null, corrects: null, endUse: 'x', filedAt: at } };
      const attachment = { attachmentId: 'a1', type: 'BOOTH_PLAN', fileName: 'booth.pdf', size: 1, sha256: 'b'.repeat(64), mediaType: 'application/pdf' } as const;
      spec
        .given([filed])
        .when({ type: 'AddAttachment', attachment, by: applicant, at: later })
        .then([{ type: 'AttachmentAdded', data: { ...attachment, dataVersion: 1, addedAt: later, by: applicant } }]);
    });
  });

  describe('editing a REGISTERED case', () => {
    it('records a new data version, so the assurance must be signed again', () => {
      const edited = standardApplication({ items: [item(1, { quantity: '200' })] });
      spec
        .given([registered()])
        .when({ type: 'EditApplication', application: edited, warnings: [], assurance: null, by: applicant, at: later })
        .then([{ type: 'ApplicationEdited', data: { application: edited, warnings: [], dataVersion: 2, editedAt: later, by: applicant } }]);
    });
    it('refuses once the case was submitted', () => {
      spec
        .given([registered(), ...allFive, submitted()])
        .when({ type: 'EditApplication', application: standardApplication(), warnings: [], assurance: null, by: applicant, at: later })
        .thenRefuses('R-NEW-1', { kind: 'CONFLICT' });
    });
    it('never changes the applicant (R-ACC-4) or the route', () => {
      spec
        .given([registered()])
        .when({ type: 'EditApplication', application: standardApplication({ applicantId: '87654321' }), warnings: [], assurance: null, by: applicant, at })
        .thenRefuses('R-ACC-4', { field: 'applicantId' });
      spec
        .given([registered()])
        .when({ type: 'EditApplication', application: standardApplication({ route: 'EXEMPT' }), warnings: [], assurance: null, by: applicant, at })
        .thenRefuses('R-NEW-1', { field: 'route' });
    });
  });

  describe('R-NEW-3/R-NEW-4 submitting', () => {
    it('submits with the five documents and the end use: INITIAL_REVIEW (R-REV-1)', () => {
      spec.given([registered(), ...allFive]).when(submit).then([submittedNow]);
    });
    it.each(FIVE_DOCUMENTS)('refuses without %s', (missing) => {
      spec
        .given([registered(), ...FIVE_DOCUMENTS.filter((t) => t !== missing).map((t) => attached(t))])
        .when(submit)
        .thenRefuses('R-NEW-4', { field: `attachments.${missing}` });
    });
    it('refuses an assurance signed for data that changed since', () => {
      const edit: CaseEvent = { type: 'ApplicationEdited', data: { application: standardApplication(), warnings: [], dataVersion: 2, editedAt: later, by: applicant } };
      spec.given([registered(), ...allFive, edit]).when(submit).thenRefuses('R-NEW-4', { field: 'attachments.END_USE_ASSURANCE' });
      spec.given([registered(), ...allFive, edit, attached('END_USE_ASSURANCE', 2)]).when(submit).then([submittedNow]);
    });
    it.each(['CN', 'AE'])('needs the business licence for destination %s (item 6)', (destination) => {
      const application = standardApplication({ destination, endUser: { name: 'East Optics', nameZh: '東方光學', address: 'Road 1', country: destination } });
      spec.given([registered(application), ...allFive]).when(submit).thenRefuses('R-NEW-4', { field: 'attachments.BUSINESS_LICENCE' });
      spec.given([registered(application), ...allFive, attached('BUSINESS_LICENCE')]).when(submit).then([submittedNow]);
    });
    it('needs the import declaration for a re-export, and the consent of one of the ten countries (item 7)', () => {
      const reExport = standardApplication({ reExport: { originCountry: 'US', returnsToOrigin: false } });
      spec.given([registered(reExport), ...allFive, attached('IMPORT_DECLARATION')]).when(submit).thenRefuses('R-NEW-4', { field: 'attachments.REEXPORT_CONSENT' });
      spec.given([registered(reExport), ...allFive, attached('REEXPORT_CONSENT')]).when(submit).thenRefuses('R-NEW-4', { field: 'attachments.IMPORT_DECLARATION' });
      spec.given([registered(reExport), ...allFive, attached('IMPORT_DECLARATION'), attached('REEXPORT_CONSENT')]).when(submit).then([submittedNow]);
    });
    it('needs no consent when the goods return to the origin country, or it is not one of the ten', () => {
      const home = standardApplication({ destination: 'US', reExport: { originCountry: 'US', returnsToOrigin: true } });
      spec.given([registered(home), ...allFive, attached('IMPORT_DECLARATION')]).when(submit).then([submittedNow]);
      const japan = standardApplication({ reExport: { originCountry: 'JP', returnsToOrigin: false } });
      spec.given([registered(japan), ...allFive, attached('IMPORT_DECLARATION')]).when(submit).then([submittedNow]);
    });
    it('refuses to submit twice', () => {
      spec.given([registered(), ...allFive, submitted()]).when(submit).thenRefuses('R-NEW-5', { kind: 'CONFLICT' });
    });
  });

  describe('attachments', () => {
    it('removes an attachment while REGISTERED, and refuses an unknown one', () => {
      const added = attached('CATALOGUE');
      const id = (added.data as { attachmentId: string }).attachmentId;
      spec
        .given([registered(), added])
        .when({ type: 'RemoveAttachment', attachmentId: id, by: applicant, at })
        .then([{ type: 'AttachmentRemoved', data: { attachmentId: id, removedAt: at, by: applicant } }]);
      spec.given([registered()]).when({ type: 'RemoveAttachment', attachmentId: 'nope', by: applicant, at }).thenRefuses('R-REV-5', { kind: 'NOT_FOUND' });
    });
    it('refuses uploads and removals after submission (R-REV-5)', () => {
      const inReview = [registered(), ...allFive, submitted()];
      const attachment = { attachmentId: 'z', type: 'OTHER', fileName: 'x.pdf', size: 1, sha256: 'c'.repeat(64), mediaType: 'application/pdf' } as const;
      spec.given(inReview).when({ type: 'AddAttachment', attachment, by: applicant, at }).thenRefuses('R-REV-5', { kind: 'CONFLICT' });
      const id = (allFive[0].data as { attachmentId: string }).attachmentId;
      spec.given(inReview).when({ type: 'RemoveAttachment', attachmentId: id, by: applicant, at }).thenRefuses('R-REV-5', { kind: 'CONFLICT' });
    });
  });

  describe('R-NEW-5 cancelling', () => {
    it('lets the applicant cancel before submission', () => {
      spec.given([registered()]).when(cancel('Order withdrawn')).then([
        { type: 'CaseCancelled', data: { reason: 'Order withdrawn', cancelledAt: later, by: applicant } },
      ]);
    });
    it('refuses the applicant after submission', () => {
      spec
        .given([registered(), ...allFive, submitted()])
        .when(cancel('x'))
        .thenRefuses('R-NEW-5', { kind: 'CONFLICT' });
    });
    it('never cancels an Iran/North Korea case from its assurance (R-IRNK-2)', () => {
      spec.given([registered(iranNkApplication())]).when(cancel('x', at)).thenRefuses('R-IRNK-2');
    });
  });

  describe('R-IRNK-3 filing from an Iran/North Korea assurance', () => {
    const assurance = assuranceSnapshot();
    it('files with the assurance data, changing quantity, unit, amount and currency', () => {
      const application = iranNkApplication(assurance, { items: [item(1, { quantity: '50', unit: 'SET', amount: '9000', currency: 'EUR' })] });
      spec.given([]).when(fileCommand(application, { assurance })).then([registered(application)]);
    });
    it('refuses without the assurance', () => {
      spec.given([]).when(fileCommand(iranNkApplication(assurance))).thenRefuses('R-IRNK-3', { field: 'assuranceNo' });
    });
    it('refuses an added item, a changed goods field, a changed party', () => {
      spec.given([]).when(fileCommand(iranNkApplication(assurance, { items: [item(1), item(2)] }), { assurance })).thenRefuses('R-IRNK-3', { field: 'items' });
      spec.given([]).when(fileCommand(iranNkApplication(assurance, { items: [item(1, { model: 'FL-300' })] }), { assurance })).thenRefuses('R-IRNK-3', { field: 'items[0].model' });
      spec
        .given([])
        .when(fileCommand(iranNkApplication(assurance, { endUser: { name: 'Other', address: 'x', country: 'IR' } }), { assurance }))
        .thenRefuses('R-IRNK-3', { field: 'endUser' });
    });
    it('refuses another applicant\'s assurance', () => {
      spec.given([]).when(fileCommand(iranNkApplication(assurance), { assurance: { ...assurance, applicantId: '87654321' } })).thenRefuses('R-IRNK-3', { kind: 'NOT_FOUND' });
    });
    it('needs its five documents at submission (R-IRNK-4), and no business licence', () => {
      spec.given([registered(iranNkApplication(assurance)), ...FIVE_DOCUMENTS.slice(1).map((t) => attached(t))]).when(submit).thenRefuses('R-IRNK-4', { field: 'attachments.END_USE_ASSURANCE' });
      spec.given([registered(iranNkApplication(assurance)), ...allFive]).when(submit).then([submittedNow]);
    });
  });
});
