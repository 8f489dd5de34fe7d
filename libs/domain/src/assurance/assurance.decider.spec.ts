import { applicant, assuranceSnapshot, at } from '../case/case.fixtures';
import { deciderSpec } from '../testing/decider-spec';
import type { FreeText } from '../values';
import type { AssuranceContent } from './assurance';
import { assuranceDecider } from './assurance.decider';
import type { AssuranceEvent } from './assurance.events';

const spec = deciderSpec(assuranceDecider);
const { assuranceNo, applicantId, agentId, destination, buyer, consignee, endUser, items, companyEmail } = assuranceSnapshot();
const content: AssuranceContent = { destination, buyer, consignee, endUser, items, companyEmail };
const registered: AssuranceEvent = { type: 'AssuranceRegistered', data: { ...content, assuranceNo, applicantId, agentId, filedBy: applicant, registeredAt: at } };
const reviewer = { accountId: 'rev-1', role: 'REVIEWER', businessId: 'R001' };
const unlocked: AssuranceEvent = { type: 'AssuranceUnlocked', data: { reason: 'applicant called', unlockedBy: reviewer, unlockedAt: at } };
const changed = { ...content, companyEmail: 'new@formosa.example' };
const reason = (text: string) => text as FreeText;

describe('Iran/North Korea assurance decider (R-IRNK-1)', () => {
  it('registers an assurance', () => {
    spec.given([]).when({ type: 'RegisterAssurance', assuranceNo, applicantId, agentId, filedBy: applicant, at, ...content }).then([registered]);
  });
  it('refuses a change while locked, as it is once registered', () => {
    spec.given([registered]).when({ type: 'EditAssurance', by: applicant, at, ...changed }).thenRefuses('R-IRNK-1', { kind: 'CONFLICT' });
  });
  it('takes one change after a reviewer unlocked it, then is locked again', () => {
    const edited: AssuranceEvent = { type: 'AssuranceEdited', data: { ...changed, editedAt: at, by: applicant } };
    spec.given([registered, unlocked]).when({ type: 'EditAssurance', by: applicant, at, ...changed }).then([edited]);
    spec.given([registered, unlocked, edited]).when({ type: 'EditAssurance', by: applicant, at, ...content }).thenRefuses('R-IRNK-1', { kind: 'CONFLICT' });
  });
  it('unlocks once: unlocking an unlocked assurance changes nothing', () => {
    spec.given([registered]).when({ type: 'UnlockAssurance', reason: reason('applicant called'), unlockedBy: reviewer, at }).then([unlocked]);
    spec.given([registered, unlocked]).when({ type: 'UnlockAssurance', reason: reason('again'), unlockedBy: reviewer, at }).then([]);
  });
  it('knows no assurance that was never registered', () => {
    spec.given([]).when({ type: 'UnlockAssurance', reason: reason('x'), unlockedBy: reviewer, at }).thenRefuses('R-IRNK-1', { kind: 'NOT_FOUND' });
  });
});
