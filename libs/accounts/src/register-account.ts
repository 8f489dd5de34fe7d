import { randomUUID } from 'node:crypto';
import { RefusalError, accountCodec, accountDecider, checkApplicantId, checkFreeText, controlCharacters, refuse, refuseAll, type AccountKind, type AccountRegistered, type Role } from '@shtc/domain';
import type { EventStore } from '@shtc/event-store';
import { executeOnStream, type CommandContext } from '@shtc/commands';
import { hashPassword } from './password-hasher';

export interface NewAccount {
  businessId: string;
  kind: AccountKind;
  role: Role;
  name: string;
  email: string;
  password: string;
}

/**
 * R-ACC-1: one account per business number, as an append that expects no stream. Applicants
 * register themselves over HTTP; staff accounts are created by the CLI with the same call.
 * An applicant's identifier passes R-ACC-6 before anything is hashed or appended. The new
 * account is the actor of its own registration.
 */
export async function registerAccount(
  events: EventStore,
  input: NewAccount,
  context: Omit<CommandContext, 'actor'>,
): Promise<{ accountId: string; position: bigint }> {
  const accountId = randomUUID();
  const { password, ...account } = { ...input, businessId: checkedBusinessId(input), name: checkedName(input), email: checkedEmail(input) };
  const passwordHash = await hashPassword(password);
  const actor = { accountId, role: input.role, businessId: account.businessId };
  const result = await executeOnStream(
    events,
    { codec: accountCodec, decider: accountDecider },
    account.businessId,
    { ...context, actor },
    { command: () => ({ type: 'RegisterAccount' as const, accountId, ...account, passwordHash, at: context.now.toISOString() }) },
  );
  // As recorded: a retry resuming a registration a crash cut short answers the account its first attempt opened.
  const registered = result.events.find((event): event is AccountRegistered => event.type === 'AccountRegistered');
  return { accountId: registered?.data.accountId ?? accountId, position: result.position };
}

/**
 * The name reviewers, mail and the audit trail show: text as every free-text field is checked,
 * so no control or format character (a NUL, a bidi isolate that reorders what follows) is stored.
 */
function checkedName({ name }: NewAccount): string {
  const checked = checkFreeText(name, 'name', { rule: 'R-FORM-1', label: 'Name', maxLength: 200 });
  if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
  return checked.value;
}

/** The address mail goes to: its local part may be in any script, but a control or format character is no address (R-FORM-1). */
function checkedEmail({ email }: NewAccount): string {
  const controls = controlCharacters(email);
  if (controls.length > 0) throw new RefusalError(refuse('R-FORM-1', `email contains control characters (${controls.join(', ')})`, 'INVALID', 'email'));
  return email;
}

/** R-ACC-6, as the check normalised the identifier. Staff identifiers (the CLI's) are not business numbers and are not checked. */
function checkedBusinessId({ businessId, kind }: NewAccount): string {
  if (kind === 'STAFF') return businessId;
  const checked = checkApplicantId(businessId, kind);
  if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
  return checked.value;
}
