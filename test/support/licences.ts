import { closeOutByOf, licenceCodec, taipeiDateOf, type Actor, type Application, type CaseEvent, type DomainEvent, type EventCodec, type LicenceIssued } from '@shtc/domain';
import type { TestApp } from './app';
import { existingCase, given, seededCaseNo, submittedCase, type ExistingStream } from './given';

const initialReviewer: Actor = { accountId: 'acc-seed-initial', role: 'REVIEWER', businessId: 'R-SEED-1' };
const secondReviewer: Actor = { accountId: 'acc-seed-second', role: 'REVIEWER', businessId: 'R-SEED-2' };

export interface SeededLicence {
  licenceNo: string;
  caseNo: string;
  issued: LicenceIssued['data'];
  streams: ExistingStream[];
}

/**
 * An approved case and the licence its approval opened, as the review stage leaves them: the
 * case's standard application (changed by `change`), forwarded and approved by two reviewers at
 * `issuedAt`, and `licence-<licenceNo>` with its LicenceIssued (with the close-out deadline of an
 * exhibition application, R-EXEMPT-4). The licence stream comes first,
 * so the licence-issue worker finds it open already.
 */
export function approvedWithLicence(
  applicant: { accountId: string; businessId: string },
  options: { issuedAt: string; validUntil: string; agentId?: string | null; change?: (application: Application) => void },
): SeededLicence {
  const caseNo = seededCaseNo();
  const licenceNo = caseNo.replace(/^SHTC-/, 'LIC-');
  const submitted = submittedCase(caseNo, applicant, options.issuedAt);
  const events = structuredClone(submitted.events) as CaseEvent[];
  const registered = events[0] as Extract<CaseEvent, { type: 'CaseRegistered' }>;
  options.change?.(registered.data.application);
  registered.data.agentId = options.agentId ?? null;
  const application = registered.data.application;
  const licence = { licenceNo, issuedOn: taipeiDateOf(options.issuedAt), validUntil: options.validUntil, validityMonths: 6 as const, validityReason: 'STANDARD' as const };
  events.push(
    { type: 'ForwardedToSecondReview', data: { recommendation: 'APPROVE', note: '', forwardedAt: options.issuedAt, by: initialReviewer } } as CaseEvent,
    { type: 'CaseApproved', data: { note: '', approvedAt: options.issuedAt, by: secondReviewer, licence } },
  );
  const issued: LicenceIssued['data'] = {
    caseNo, holderId: application.applicantId, agentId: options.agentId ?? null, destination: application.destination,
    buyer: application.buyer, consignee: application.consignee, endUser: application.endUser, partialShipments: application.partialShipments,
    items: application.items, ...licence, issuedAt: options.issuedAt, by: secondReviewer,
    closeOutBy: closeOutByOf(application.route, application.exemption),
  };
  const licenceStream: ExistingStream = { codec: licenceCodec as unknown as EventCodec<DomainEvent>, id: licenceNo, events: [{ type: 'LicenceIssued', data: issued }] };
  return { licenceNo, caseNo, issued, streams: [licenceStream, existingCase(caseNo, events, submitted.files)] };
}

/** Seeds {@link approvedWithLicence} into the app and waits for the projections. */
export async function givenLicence(t: TestApp, applicant: { accountId: string; businessId: string }, options: Parameters<typeof approvedWithLicence>[1]): Promise<SeededLicence> {
  const seeded = approvedWithLicence(applicant, options);
  await given(t, ...seeded.streams);
  return seeded;
}
