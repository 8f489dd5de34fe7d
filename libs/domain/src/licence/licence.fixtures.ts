import type { Actor } from '../shared/actor';
import type { FreeText } from '../values';
import { item, standardApplication } from '../case/case.fixtures';
import { bob } from '../case/review/review.fixtures';
import { LICENCE_SCHEDULER, type CancelLicence, type CompareDeclaration, type ExpireLicence, type RecordRelease } from './licence.commands';
import type { LicenceEvent, LicenceIssued } from './licence.events';

/** Builders for licence specs: a licence to Germany of two items, valid until 2027-06-03 (Taipei). */
export const issuedAt = '2026-12-04T03:00:00.000Z';
export const validUntil = '2027-06-03';
/** In validity: 2027-01-05 10:00 in Taipei. */
export const inValidity = '2027-01-05T02:00:00.000Z';
/** The last instant of the last valid day in Taipei (23:59:59.999 on 2027-06-03, UTC+8). */
export const lastValidInstant = '2027-06-03T15:59:59.999Z';
/** The first instant after it: 2027-06-04 00:00 in Taipei. */
export const firstExpiredInstant = '2027-06-03T16:00:00.000Z';

export const customs: Actor = { accountId: 'acc-customs', role: 'CUSTOMS', businessId: 'CUSTOMS' };
export const holder: Actor = { accountId: 'acc-1', role: 'APPLICANT', businessId: '12345678' };
export const scheduler = LICENCE_SCHEDULER;

export const licenceItems = () => [item(1), item(2, { cccCode: '90013000002', quantity: '10', unit: 'KGM', amount: '500', currency: 'EUR' })];

export const issued = (overrides: Partial<LicenceIssued['data']> = {}): LicenceIssued => {
  const application = standardApplication();
  return {
    type: 'LicenceIssued',
    data: {
      licenceNo: 'LIC-2026-000001',
      caseNo: 'SHTC-2026-000001',
      holderId: '12345678',
      agentId: null,
      destination: 'DE',
      buyer: application.buyer,
      consignee: application.consignee,
      endUser: application.endUser,
      partialShipments: true,
      items: licenceItems(),
      issuedOn: '2026-12-04',
      validUntil,
      validityMonths: 6,
      validityReason: 'STANDARD',
      issuedAt,
      by: bob,
      closeOutBy: null,
      ...overrides,
    },
  };
};

/** A declaration that matches the licence as issued: all of item 1, half of item 2. */
export const declaration = (overrides: Partial<CompareDeclaration> = {}): CompareDeclaration => ({
  type: 'CompareDeclaration',
  declarationNo: 'AA/15/123/45678',
  exporterId: '12345678',
  destination: 'DE',
  consigneeName: 'Rhein Optics GmbH',
  items: [
    { itemNo: 1, cccCode: '85414100001', quantity: '100.5', unit: 'PCE', amount: '12000', currency: 'USD' },
    { itemNo: 2, cccCode: '90013000002', quantity: '5', unit: 'KGM', amount: '250', currency: 'EUR' },
  ],
  by: customs,
  at: inValidity,
  ...overrides,
});

export const release = (overrides: Partial<RecordRelease> = {}): RecordRelease => ({
  type: 'RecordRelease',
  declarationNo: 'AA/15/123/45678',
  releasedAt: inValidity,
  items: [{ itemNo: 1, quantity: '40' }],
  by: customs,
  at: inValidity,
  ...overrides,
});

/** The GoodsReleased a release records, given each released item's balance after it. */
export const released = (balances: Array<{ itemNo: number; quantity: string; balance: string }>, declarationNo = 'AA/15/123/45678', at = inValidity): LicenceEvent => ({
  type: 'GoodsReleased',
  data: { declarationNo, releasedAt: at, items: balances, recordedAt: at, by: customs },
});

export const expire = (at = firstExpiredInstant): ExpireLicence => ({ type: 'ExpireLicence', by: scheduler, at });
export const expired = (at = firstExpiredInstant): LicenceEvent => ({ type: 'LicenceExpired', data: { validUntil, expiredAt: at, by: scheduler } });

export const cancel = (overrides: Partial<CancelLicence> = {}): CancelLicence => ({
  type: 'CancelLicence',
  reason: 'The buyer reduced its order; the balance is to be reissued' as FreeText,
  by: holder,
  at: inValidity,
  ...overrides,
});
export const cancelled = (at = inValidity): LicenceEvent => ({
  type: 'LicenceCancelled',
  data: {
    cancelledLicenceNo: 'LIC-2026-000001',
    reason: 'The buyer reduced its order; the balance is to be reissued',
    balance: [
      { itemNo: 1, quantity: '100.5', shipped: '0', balance: '100.5' },
      { itemNo: 2, quantity: '10', shipped: '0', balance: '10' },
    ],
    cancelledAt: at,
    by: holder,
  },
});
