import { caseCodec, caseDecider, licenceCodec, licenceDecider, type FiledCase } from '@shtc/domain';
import type { EventStore } from '@shtc/event-store';
import { executeOnStream, loadStream, type CommandContext, type Executed } from './stream-commands';

/**
 * Opens the `licence-<licenceNo>` stream of an approved case (R-LIC-1), or applies an approved
 * correction to the licence it corrects (R-CORR-1, R-MISM-1), through the licence decider: what
 * was done already is left as it is, so a retry never issues or corrects twice.
 */
export async function issueLicence(events: EventStore, approvedCase: FiledCase, context: CommandContext): Promise<Executed<unknown, unknown> | null> {
  const licenceNo = approvedCase.licence?.licenceNo;
  if (!licenceNo) return null;
  const at = context.now.toISOString();
  return executeOnStream(events, { codec: licenceCodec, decider: licenceDecider }, licenceNo, context, {
    command: () => (approvedCase.corrects ? { type: 'CorrectLicence' as const, approvedCase, at } : { type: 'IssueLicence' as const, approvedCase, at }),
  });
}

/** The same, from the case number alone (the worker that opens licences an interrupted approval left). */
export async function issueLicenceOfCase(events: EventStore, caseNo: string, now: Date): Promise<void> {
  const { state } = await loadStream(events, { codec: caseCodec, decider: caseDecider }, caseNo);
  if (state.status !== 'APPROVED' || !state.decision) return;
  await issueLicence(events, state, { actor: state.decision.by, now, correlationId: `licence-issue-${state.licence?.licenceNo}` });
}
