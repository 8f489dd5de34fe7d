import { deciderSpec } from '../../testing/decider-spec';
import { FIVE_DOCUMENTS, applicant, at, attached, fileCommand, later, registered, standardApplication } from '../case.fixtures';
import type { CaseCommand } from '../case.commands';
import { caseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import type { CaseStatus } from '../case-status';
import type { AmendedCase } from './file-amendment';

const spec = deciderSpec(caseDecider);
const amendment = (overrides: Parameters<typeof standardApplication>[0] = {}) => standardApplication({ kind: 'AMENDMENT', ...overrides });
const original = (status: CaseStatus | 'NONE' = 'CLOSED_FOR_AMENDMENT', overrides: Partial<AmendedCase> = {}): AmendedCase => ({
  caseNo: 'SHTC-2026-000007',
  status,
  applicantId: status === 'NONE' ? null : '12345678',
  route: status === 'NONE' ? null : 'STANDARD',
  ...overrides,
});
const amendedRegistered = (application = amendment()): CaseEvent => ({
  type: 'CaseRegistered',
  data: { caseNo: 'SHTC-2026-000001', application, warnings: [], filedBy: applicant, agentId: null, amends: 'SHTC-2026-000007', reissues: null, corrects: null, registeredAt: at },
});
const submit: CaseCommand = { type: 'SubmitApplication', endUse: 'Optical test benches for telecom R&D', by: applicant, at: later };

describe('case decider: R-AMEND-1 filing an amendment (補正)', () => {
  it('registers a new case that records the case closed for amendment it amends', () => {
    spec.given([]).when(fileCommand(amendment(), { original: original() })).then([amendedRegistered()]);
  });

  it('lets an agent file it for the applicant whose case it was (R-ACC-4)', () => {
    const agent = { accountId: 'acc-9', role: 'AGENT', businessId: '99887766' };
    spec
      .given([])
      .when(fileCommand(amendment(), { original: original(), by: agent, agentId: '99887766' }))
      .then([{ type: 'CaseRegistered', data: { ...(amendedRegistered().data as object), filedBy: agent, agentId: '99887766' } } as CaseEvent]);
  });

  it.each(['REGISTERED', 'INITIAL_REVIEW', 'SECOND_REVIEW', 'AWAITING_SUPPLEMENT', 'REJECTED', 'APPROVED', 'CANCELLED'] as const)(
    'refuses to amend a case that is %s (422)',
    (status) => {
      spec.given([]).when(fileCommand(amendment(), { original: original(status) })).thenRefuses('R-AMEND-1', { kind: 'RULE', field: 'originalCaseNo' });
    },
  );

  it("answers another applicant's case, and a receipt number no case has, as not found", () => {
    spec.given([]).when(fileCommand(amendment(), { original: original('CLOSED_FOR_AMENDMENT', { applicantId: '87654321' }) })).thenRefuses('R-AMEND-1', { kind: 'NOT_FOUND' });
    spec.given([]).when(fileCommand(amendment(), { original: original('NONE') })).thenRefuses('R-AMEND-1', { kind: 'NOT_FOUND', field: 'originalCaseNo' });
  });

  it('refuses without the original case, and on another route than the original (the route is inherited)', () => {
    spec.given([]).when(fileCommand(amendment())).thenRefuses('R-AMEND-1', { kind: 'INVALID', field: 'originalCaseNo' });
    spec.given([]).when(fileCommand(amendment({ route: 'EXEMPT', exemption: { reason: 'SPECIAL_APPROVAL', endUse: 'x', returnBy: null } }), { original: original(), endUse: 'x' })).thenRefuses('R-AMEND-1', { field: 'route' });
  });

  it('still passes the rules of its route (R-IRNK-1)', () => {
    spec.given([]).when(fileCommand(amendment({ destination: 'KP' }), { original: original() })).thenRefuses('R-IRNK-1');
  });

  it('starts with no documents: the corrected assurance and every document are uploaded again before submission (R-NEW-4)', () => {
    spec.given([amendedRegistered()]).when(submit).thenRefuses('R-NEW-4', { field: 'attachments.END_USE_ASSURANCE' });
    spec
      .given([amendedRegistered(), ...FIVE_DOCUMENTS.map((type) => attached(type))])
      .when(submit)
      .then([{ type: 'ApplicationSubmitted', data: { endUse: 'Optical test benches for telecom R&D', submittedAt: later, by: applicant } }]);
  });

  it('keeps its kind and what it amends through edits', () => {
    const state = [amendedRegistered()].reduce(caseDecider.evolve, caseDecider.initialState);
    expect(state).toMatchObject({ status: 'REGISTERED', amends: 'SHTC-2026-000007', application: { kind: 'AMENDMENT' } });
    spec
      .given([amendedRegistered()])
      .when({ type: 'EditApplication', application: standardApplication(), warnings: [], assurance: null, by: applicant, at: later })
      .thenRefuses('R-AMEND-1', { field: 'kind' });
  });

  it('is not mistaken for a NEW case: a NEW case records that it amends nothing', () => {
    spec.given([]).when(fileCommand(standardApplication(), { original: original() })).then([registered()]);
  });
});
