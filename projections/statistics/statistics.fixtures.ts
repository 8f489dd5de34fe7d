import { caseCodec, licenceCodec, type Application, type GoodsItem } from '@shtc/domain';
import type { EventStore, RecordedEvent } from '@shtc/event-store';
import { applicant, item, standardApplication } from '../../libs/domain/src/case/case.fixtures';
import { alice, bob } from '../../libs/domain/src/case/review/review.fixtures';
import { customs, issued, scheduler } from '../../libs/domain/src/licence/licence.fixtures';

/**
 * A log for the statistics specs: eight cases filed on Thursday 1 April 2027 and taken through
 * known paths, two licences. Every instant is 09:00 in Taipei (01:00Z) on its day. Working days
 * in April 2027: Fri 2, then Wed 7 (Mon 5 and Tue 6 are days off), Thu 8, Fri 9, Mon 12, Tue 13.
 */
export const on = (date: string, hour = 9) => `${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`;

export class LogBuilder {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();

  append(stream: string, type: string, data: unknown, schemaVersion?: number): this {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    this.revisions.set(stream, revision);
    const codec = caseCodec.owns(stream) ? caseCodec : licenceCodec;
    const position = BigInt(this.events.length + 1);
    this.events.push({
      stream,
      revision,
      position,
      type,
      data,
      metadata: {
        eventId: `e${position}`, occurredAt: on('2027-04-01'), actor: applicant, correlationId: 'c', causationId: 'c',
        schemaVersion: schemaVersion ?? codec.schemaVersion(type as never), prevHash: '', hash: '',
      },
    });
    return this;
  }

  caseOf(caseNo: string) {
    const stream = `case-${caseNo}`;
    const add = (type: string, data: unknown, schemaVersion?: number) => (this.append(stream, type, data, schemaVersion), steps);
    const steps = {
      registered: (date: string, application: Application = standardApplication()) =>
        add('CaseRegistered', { caseNo, application, warnings: [], filedBy: applicant, agentId: null, amends: null, reissues: null, corrects: null, registeredAt: on(date, 8) }),
      submitted: (date: string) => add('ApplicationSubmitted', { endUse: 'Research', submittedAt: on(date), by: applicant }),
      forwarded: (date: string) => add('ForwardedToSecondReview', { recommendation: 'APPROVE', note: '', forwardedAt: on(date), by: alice }),
      returned: (date: string) => add('ReturnedToInitialReview', { reason: 'Check the end user', returnedAt: on(date), by: bob }),
      supplementRequested: (date: string) =>
        add('SupplementRequested', { documents: ['BUSINESS_LICENCE'], message: 'Please', replyBy: '2027-04-30', requestedAt: on(date), resumeTo: 'INITIAL_REVIEW', by: alice }),
      supplementProvided: (date: string) => add('SupplementProvided', { note: 'Sent', providedAt: on(date), resumeTo: 'INITIAL_REVIEW', by: applicant }),
      referred: (date: string) => add('CaseReferredToConsultation', { agencies: [{ agency: 'MND', dueDate: '2027-04-30' }], note: '', referredAt: on(date), resumeTo: 'INITIAL_REVIEW', by: alice }),
      replied: (date: string) => add('ConsultationReplyRecorded', { agency: 'MND', opinion: 'NO_OBJECTION', note: '', repliedAt: on(date), by: alice }),
      consulted: (date: string) => add('ConsultationCompleted', { completedAt: on(date), resumeTo: 'INITIAL_REVIEW' }),
      approved: (date: string, licenceNo: string) =>
        add('CaseApproved', {
          note: '', approvedAt: on(date), by: bob,
          licence: { licenceNo, issuedOn: date, validUntil: '2027-10-08', validityMonths: 6, validityReason: 'STANDARD' },
        }),
      rejected: (date: string, reasons: string[]) => add('CaseRejected', { reasons, rejectedAt: on(date), by: alice }),
      closedForAmendment: (date: string, reasons: string[]) => add('ClosedForAmendment', { reasons, closedAt: on(date), by: bob }),
      cancelled: (date: string) => add('CaseCancelled', { reason: 'On request', cancelledAt: on(date), by: alice }),
      note: (date: string) => add('CaseNoteAdded', { noteId: `n-${date}`, text: 'Called', addedAt: on(date), by: alice }),
    };
    return steps;
  }

  licenceOf(licenceNo: string) {
    const stream = `licence-${licenceNo}`;
    const add = (type: string, data: unknown) => (this.append(stream, type, data), steps);
    const steps = {
      issued: (caseNo: string, date: string, destination: string, items: GoodsItem[]) =>
        add('LicenceIssued', issued({ licenceNo, caseNo, destination, items, issuedOn: date, issuedAt: on(date), validUntil: '2027-10-08' }).data),
      released: (date: string, declarationNo: string, items: Array<{ itemNo: number; quantity: string; balance: string }>) =>
        add('GoodsReleased', { declarationNo, releasedAt: on(date, 14), items, recordedAt: on(date, 14), by: customs }),
      expired: (date: string) => add('LicenceExpired', { validUntil: '2027-10-08', expiredAt: on(date, 8), by: scheduler }),
      cancelled: (date: string) => add('LicenceCancelled', { cancelledLicenceNo: licenceNo, reason: 'Order reduced', balance: [], cancelledAt: on(date), by: applicant }),
      reissued: (date: string, caseNo: string) => add('BalanceReissued', { caseNo, reissuedAt: on(date), by: applicant }),
      corrected: (date: string, destination: string, items: GoodsItem[]) =>
        add('LicenceCorrected', {
          caseNo: 'SHTC-2027-000099', kind: 'CORRECTION', version: 2, description: 'Amount', destination, buyer: standardApplication().buyer,
          consignee: { sameAsBuyer: true }, endUser: standardApplication().endUser, partialShipments: true, items, correctedAt: on(date), by: bob,
        }),
    };
    return steps;
  }
}

export const laser = (overrides: Partial<GoodsItem> = {}) => item(1, { eccn: '5A002.a', quantity: '100.5', amount: '12000', currency: 'USD', ...overrides });
export const sensor = (overrides: Partial<GoodsItem> = {}) => item(2, { eccn: '3A001.a', cccCode: '90013000002', quantity: '10', unit: 'KGM', amount: '500', currency: 'EUR', ...overrides });
export const toIndia = () => standardApplication({ destination: 'IN', items: [laser(), sensor()] });

/**
 * The eight cases of the statistics specs (and of the e2e spec's paths):
 *   A approved (Wed 7, 2 working days), its licence to DE released in two parts (Mon 12, Tue 13)
 *   B rejected on the day of submission (0)          C closed for amendment on Thu 8 (3)
 *   D cancelled on request on Fri 2 (1)               E cancelled by the applicant before submission
 *   F to IN, goods in categories 3 and 5: documents asked for on Fri 2, sent back on Thu 8 (2 days
 *     answering), approved Fri 9 (4 ran, 2 stood still: 2); its licence expires unused on 9 October
 *   G referred to consultation on Fri 2, every agency replied Mon 12 (4), rejected Tue 13 (6)
 *   H returned from second review on Wed 7, forwarded again, closed for amendment Fri 9 (4)
 * Processing times: 0, 1, 2, 2, 3, 4, 6: median 2, 90th percentile 6.
 */
export function aprilLog(): LogBuilder {
  const log = new LogBuilder();
  const submittedOnFirst = (caseNo: string, application?: Application) => log.caseOf(caseNo).registered('2027-04-01', application).submitted('2027-04-01');
  submittedOnFirst('A').forwarded('2027-04-02').approved('2027-04-07', 'L-A');
  log.licenceOf('L-A').issued('A', '2027-04-07', 'DE', [laser()]);
  submittedOnFirst('B').rejected('2027-04-01', ['End user not credible']);
  submittedOnFirst('C').note('2027-04-02').closedForAmendment('2027-04-08', ['End use unclear', 'Consignee address incomplete']);
  submittedOnFirst('D').cancelled('2027-04-02');
  log.caseOf('E').registered('2027-04-01');
  log.append('case-E', 'CaseCancelled', { reason: 'Filed twice', cancelledAt: on('2027-04-01', 10) }, 1); // stored in its first shape: no `by`
  submittedOnFirst('F', toIndia()).supplementRequested('2027-04-02').supplementProvided('2027-04-08').forwarded('2027-04-08').approved('2027-04-09', 'L-F');
  log.licenceOf('L-F').issued('F', '2027-04-09', 'IN', [laser(), sensor()]);
  submittedOnFirst('G').referred('2027-04-02').replied('2027-04-12').consulted('2027-04-12').rejected('2027-04-13', ['End user not credible']);
  submittedOnFirst('H').forwarded('2027-04-02').returned('2027-04-07').forwarded('2027-04-08').closedForAmendment('2027-04-09', ['Consignee address incomplete']);
  log.licenceOf('L-A').released('2027-04-12', 'AA/1', [{ itemNo: 1, quantity: '40', balance: '60.5' }]).released('2027-04-13', 'AA/2', [{ itemNo: 1, quantity: '60.5', balance: '0' }]);
  log.licenceOf('L-F').expired('2027-10-09');
  return log;
}

/** An event store that holds `events` (in position order), for the replay: what it reads of the port. */
export function eventStoreOf(events: readonly RecordedEvent[]): EventStore {
  return {
    headPosition: async () => events[events.length - 1]?.position ?? 0n,
    readAll: async ({ after = 0n, limit = 1000 } = {}) => events.filter((event) => event.position > after).slice(0, limit),
  } as Partial<EventStore> as EventStore;
}
