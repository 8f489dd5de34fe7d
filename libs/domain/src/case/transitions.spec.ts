import { isRefusal } from '../shared/refusal';
import { fold } from '../shared/decider';
import type { FreeText } from '../values';
import { FIVE_DOCUMENTS, applicant, at, attached, iranNkApplication, registered, reviewer, standardApplication, submitted } from './case.fixtures';
import type { CaseCommand } from './case.commands';
import { caseDecider } from './case.decider';
import type { CaseEvent } from './case.events';
import { CASE_TRANSITIONS, allowedActions, sideOf } from './transitions';

const stateOf = (events: CaseEvent[]) => fold(caseDecider, events);
const exemptFiled: CaseEvent = {
  type: 'ExemptCaseFiled',
  data: {
    caseNo: 'SHTC-2026-000001',
    application: standardApplication({ route: 'EXEMPT', exemption: { reason: 'EXHIBITION', endUse: 'Shown at a fair', returnBy: '2027-03-01' } }),
    warnings: [],
    filedBy: applicant,
    agentId: null,
    amends: null,
    reissues: null,
    corrects: null,
    endUse: 'Shown at a fair',
    filedAt: at,
  },
};

describe('the case transition table', () => {
  it('names an action for every command, each with the rule its status check cites', () => {
    for (const transition of Object.values(CASE_TRANSITIONS)) {
      expect(transition.action).toMatch(/^[a-z-]+$/);
      expect(transition.rule).toMatch(/^R-[A-Z]+-\d+$/);
    }
  });

  it('opens filing only where there is no case yet', () => {
    expect(allowedActions({ status: 'NONE' }, 'APPLICANT')).toEqual(['file']);
  });

  it('opens edit, attach, remove, submit and cancel on a case still registering', () => {
    expect(allowedActions(stateOf([registered()]), 'APPLICANT')).toEqual(['edit', 'attach', 'remove-attachment', 'submit', 'cancel']);
  });

  it('keeps cancel closed on an Iran/North Korea case (R-IRNK-2)', () => {
    expect(allowedActions(stateOf([registered(iranNkApplication())]), 'APPLICANT')).not.toContain('cancel');
  });

  it('opens nothing to the applicant once a standard case is submitted, and uploads only on an exempt one', () => {
    expect(allowedActions(stateOf([registered(), ...FIVE_DOCUMENTS.map((t) => attached(t)), submitted()]), 'APPLICANT')).toEqual([]);
    expect(allowedActions(stateOf([exemptFiled]), 'APPLICANT')).toEqual(['attach']);
  });

  it('offers nothing to a side that has no commands in the status, nor to roles without a side', () => {
    expect(allowedActions(stateOf([registered()]), 'REVIEWER')).toEqual([]);
    expect(sideOf('AUDITOR')).toBeNull();
    expect(allowedActions(stateOf([registered()]), sideOf('CUSTOMS'))).toEqual([]);
  });

  it('refuses a command out of its statuses with 409, the case status and the actions open now', () => {
    const cancel: CaseCommand = { type: 'CancelApplication', reason: 'x' as FreeText, by: applicant, at };
    const decision = caseDecider.decide(cancel, stateOf([exemptFiled]));
    expect(isRefusal(decision) && { rule: decision.rule, kind: decision.kind, details: decision.details }).toEqual({
      rule: 'R-NEW-5',
      kind: 'CONFLICT',
      details: { caseStatus: 'INITIAL_REVIEW', allowedActions: ['attach'] },
    });
  });

  it('refuses a command on a case that does not exist as not found', () => {
    const submit: CaseCommand = { type: 'SubmitApplication', endUse: 'x', by: applicant, at };
    const decision = caseDecider.decide(submit, { status: 'NONE' });
    expect(isRefusal(decision) && decision.kind).toBe('NOT_FOUND');
  });

  it("refuses a command of the other side, whatever the status (R-ACC-5): a reviewer does not edit an applicant's case", () => {
    const edit: CaseCommand = { type: 'EditApplication', application: standardApplication(), warnings: [], assurance: null, by: reviewer, at };
    const decision = caseDecider.decide(edit, stateOf([registered()]));
    expect(isRefusal(decision) && { rule: decision.rule, kind: decision.kind }).toEqual({ rule: 'R-ACC-5', kind: 'FORBIDDEN' });
  });
});
