import {
  evolveCase,
  evolveLicence,
  initialCaseState,
  initialLicenceState,
  type Actor,
  type Application,
  type AssuranceSnapshot,
  type FiledCase,
  type GoodsItem,
  type IssuedLicence,
} from '@shtc/domain';
import type { CaseTimelineSource, TimelineStep } from '../models/case-timeline';
import type { Bilingual } from '../models/views';

/**
 * Records to print in the documents' specs and in bench/pdf: a standard case, an Iran assurance
 * and a licence with a release, folded by the domain's own evolve functions from their events;
 * and a case's timeline.
 */
const applicant: Actor = { accountId: 'acc-1', role: 'APPLICANT', businessId: '22099131' };
const reviewer: Actor = { accountId: 'acc-r2', role: 'REVIEWER', businessId: 'R002' };
const customs: Actor = { accountId: 'acc-customs', role: 'CUSTOMS', businessId: 'CUSTOMS' };

export const SAMPLE_EXPORTER = { businessId: '22099131', name: 'Formosa Photonics Co., Ltd.' };

export function sampleItems(count = 2): GoodsItem[] {
  return Array.from({ length: count }, (_, i) => ({
    itemNo: i + 1,
    goodsName: i % 2 === 0 ? 'Single-mode fibre laser module' : 'Optical spectrum analyser',
    brand: 'Formosa',
    model: `FL-${200 + i}`,
    spec: '1550 nm, 2 W',
    cccCode: i % 2 === 0 ? '85414100001' : '90278990009',
    eccn: i % 2 === 0 ? '5A002.a' : '3A002',
    quantity: i % 2 === 0 ? '100.5' : '4',
    unit: i % 2 === 0 ? 'PCE' : 'SET',
    amount: i % 2 === 0 ? '12000.00' : '86000.00',
    currency: 'USD',
  }));
}

export function sampleApplication(overrides: Partial<Application> = {}): Application {
  return {
    kind: 'NEW',
    route: 'STANDARD',
    applicantId: SAMPLE_EXPORTER.businessId,
    companyEmail: 'export@formosa.example',
    destination: 'DE',
    transshipmentPort: 'SGSIN',
    partialShipments: true,
    buyer: { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, 55116 Mainz', country: 'DE' },
    consignee: { name: 'Mainz Logistics AG', address: 'Hafenstrasse 9, 55118 Mainz', country: 'DE' },
    endUser: { name: 'Rhein Optics Research GmbH', address: 'Am Forum 3, 55122 Mainz', country: 'DE' },
    reExport: null,
    exemption: null,
    assuranceNo: null,
    items: sampleItems(),
    ...overrides,
  };
}

export function sampleCase(application = sampleApplication(), caseNo = 'SHTC-2026-000001'): FiledCase {
  const state = evolveCase(initialCaseState, {
    type: 'CaseRegistered',
    data: { caseNo, application, warnings: [], filedBy: applicant, agentId: null, amends: null, reissues: null, corrects: null, registeredAt: '2026-11-25T01:00:00.000Z' },
  });
  return state as FiledCase;
}

export function sampleAssurance(overrides: Partial<AssuranceSnapshot> = {}): AssuranceSnapshot {
  return {
    assuranceNo: 'IRNK-2026-000001',
    applicantId: SAMPLE_EXPORTER.businessId,
    agentId: null,
    locked: true,
    registeredAt: '2026-11-25T01:00:00.000Z',
    destination: 'IR',
    companyEmail: 'export@formosa.example',
    buyer: { name: 'Tehran Trading Co.', address: '1 Azadi Street, Tehran', country: 'IR' },
    consignee: { sameAsBuyer: true },
    endUser: { name: 'Tehran Trading Co.', address: '1 Azadi Street, Tehran', country: 'IR' },
    items: sampleItems(1),
    ...overrides,
  };
}

/** A licence issued for {@link sampleApplication}, with 40.5 of item 1 released. */
export function sampleLicence(licenceNo = 'LIC-2026-000001'): IssuedLicence {
  const application = sampleApplication();
  const issued = evolveLicence(initialLicenceState, {
    type: 'LicenceIssued',
    data: {
      licenceNo, caseNo: 'SHTC-2026-000001', holderId: application.applicantId, agentId: null, destination: application.destination,
      buyer: application.buyer, consignee: application.consignee, endUser: application.endUser, partialShipments: true,
      items: application.items, issuedOn: '2026-12-04', validUntil: '2028-12-03', validityMonths: 24, validityReason: 'ALL_FOUR_REGIMES',
      issuedAt: '2026-12-04T03:00:00.000Z', by: reviewer, closeOutBy: null,
    },
  });
  const released = evolveLicence(issued, {
    type: 'GoodsReleased',
    data: { declarationNo: 'AA/15/123/45678', releasedAt: '2027-01-05T10:00:00+08:00', items: [{ itemNo: 1, quantity: '40.5', balance: '60' }], recordedAt: '2027-01-05T02:00:00.000Z', by: customs },
  });
  return released as IssuedLicence;
}

/** A case's timeline as the audit trail describes it: the case filed, asked for a document, approved, its licence issued. */
export function sampleTimeline(overrides: Partial<CaseTimelineSource> = {}): CaseTimelineSource {
  const step = (position: number, occurredAt: string, stream: string, revision: number, type: string, actor: Bilingual, description: Bilingual): TimelineStep => ({
    position: String(position), occurredAt, stream, revision, type, actor, description,
  });
  const filer = { en: 'Applicant 22099131', zh: '申請人 22099131' };
  const alice = { en: 'Reviewer R001', zh: '審查人員 R001' };
  const bob = { en: 'Reviewer R002', zh: '審查人員 R002' };
  return {
    caseNo: 'SHTC-2026-000001',
    streams: [
      { stream: 'case-SHTC-2026-000001', parent: null, relation: null },
      { stream: 'licence-LIC-2026-000001', parent: 'case-SHTC-2026-000001', relation: 'ISSUED_BY' },
    ],
    complete: true,
    steps: [
      step(7, '2026-12-30T01:01:00.000Z', 'case-SHTC-2026-000001', 0, 'CaseRegistered', filer, { en: 'Applicant 22099131 filed a new application to Germany (DE)', zh: '申請人 22099131 新案申請，輸往德國 (DE)' }),
      step(12, '2026-12-30T01:04:30.000Z', 'case-SHTC-2026-000001', 1, 'SupplementRequested', alice, {
        en: "Reviewer R001 asked for a copy of the end user's business licence, due 2027-01-15",
        zh: '審查人員 R001 通知補件：公司營業執照影本，期限 2027-01-15',
      }),
      step(20, '2026-12-30T01:09:00.000Z', 'case-SHTC-2026-000001', 2, 'CaseApproved', bob, { en: 'Reviewer R002 approved the case: licence LIC-2026-000001', zh: '審查人員 R002 准件：許可證 LIC-2026-000001' }),
      step(21, '2026-12-30T01:09:00.000Z', 'licence-LIC-2026-000001', 0, 'LicenceIssued', bob, { en: 'Licence LIC-2026-000001 issued, valid until 2028-12-29', zh: '核發許可證 LIC-2026-000001，有效期限 2028-12-29' }),
    ],
    position: '21',
    printedAt: new Date('2027-01-04T02:30:15.000Z'),
    ...overrides,
  };
}
