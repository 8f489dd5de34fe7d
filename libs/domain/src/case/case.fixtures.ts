import type { AssuranceSnapshot } from '../assurance/assurance.decider';
import type { Actor } from '../shared/actor';
import type { Application, GoodsItem } from './application';
import type { AttachmentType } from './attachment-types';
import type { FileApplication } from './case.commands';
import type { CaseEvent } from './case.events';

/** Builders for specs: a valid standard application to Germany, and variations of it. */
export const at = '2026-11-25T01:00:00.000Z';
export const later = '2026-11-26T02:00:00.000Z';
export const applicant: Actor = { accountId: 'acc-1', role: 'APPLICANT', businessId: '12345678' };
export const reviewer: Actor = { accountId: 'acc-r1', role: 'REVIEWER', businessId: 'R001' };

export const item = (itemNo = 1, overrides: Partial<GoodsItem> = {}): GoodsItem => ({
  itemNo,
  goodsName: 'Single-mode fibre laser module',
  brand: 'Formosa',
  model: 'FL-200',
  spec: '1550 nm, 2 W',
  cccCode: '85414100001',
  eccn: '5A002.a',
  quantity: '100.5',
  unit: 'PCE',
  amount: '12000',
  currency: 'USD',
  ...overrides,
});

export const standardApplication = (overrides: Partial<Application> = {}): Application => ({
  kind: 'NEW',
  route: 'STANDARD',
  applicantId: '12345678',
  companyEmail: 'export@formosa.example',
  destination: 'DE',
  transshipmentPort: null,
  partialShipments: true,
  buyer: { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, Mainz', country: 'DE' },
  consignee: { sameAsBuyer: true },
  endUser: { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, Mainz', country: 'DE' },
  reExport: null,
  exemption: null,
  assuranceNo: null,
  items: [item(1)],
  ...overrides,
});

export const fileCommand = (application: Application, extra: Partial<FileApplication> = {}): FileApplication => ({
  type: 'FileApplication',
  caseNo: 'SHTC-2026-000001',
  application,
  warnings: [],
  by: applicant,
  agentId: null,
  assurance: null,
  endUse: null,
  at,
  ...extra,
});

export const registered = (application = standardApplication()): CaseEvent => ({
  type: 'CaseRegistered',
  data: { caseNo: 'SHTC-2026-000001', application, warnings: [], filedBy: applicant, agentId: null, amends: null, reissues: null, corrects: null, registeredAt: at },
});

let attachmentCounter = 0;
export const attached = (type: AttachmentType, dataVersion = 1): CaseEvent => ({
  type: 'AttachmentAdded',
  data: {
    attachmentId: `att-${++attachmentCounter}`,
    type,
    fileName: `${type.toLowerCase()}.pdf`,
    size: 1234,
    sha256: 'a'.repeat(64),
    mediaType: 'application/pdf',
    dataVersion,
    addedAt: at,
    by: applicant,
  },
});

export const submitted = (at = later): CaseEvent => ({
  type: 'ApplicationSubmitted',
  data: { endUse: 'Optical test benches for telecom R&D', submittedAt: at, by: applicant },
});

export const FIVE_DOCUMENTS: AttachmentType[] = [
  'END_USE_ASSURANCE',
  'RED_FLAG_AFFIDAVIT',
  'CATALOGUE',
  'TRANSACTION_DOCUMENT',
  'END_USER_INTRODUCTION',
];

export const assuranceSnapshot = (overrides: Partial<AssuranceSnapshot> = {}): AssuranceSnapshot => ({
  assuranceNo: 'IRNK-2026-000001',
  applicantId: '12345678',
  agentId: null,
  locked: true,
  registeredAt: at,
  destination: 'IR',
  buyer: { name: 'Tehran Trading Co.', address: '1 Azadi St, Tehran', country: 'IR' },
  consignee: { sameAsBuyer: true },
  endUser: { name: 'Tehran Trading Co.', address: '1 Azadi St, Tehran', country: 'IR' },
  items: [item(1)],
  companyEmail: 'export@formosa.example',
  ...overrides,
});

export const iranNkApplication = (assurance = assuranceSnapshot(), overrides: Partial<Application> = {}): Application =>
  standardApplication({
    route: 'IRAN_NK',
    destination: assurance.destination,
    buyer: assurance.buyer,
    consignee: assurance.consignee,
    endUser: assurance.endUser,
    items: assurance.items,
    assuranceNo: assurance.assuranceNo,
    ...overrides,
  });
