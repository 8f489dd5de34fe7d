import { licenceCodec, taipeiDateOf, type Consignee, type LicenceEvent, type Party } from '@shtc/domain';
import { decodedHandlers, type Document, type Projection, type ReadStore } from '@shtc/read-store';
import { nameKey } from '@shtc/screening';

export const SHIPMENT_HISTORY_PROJECTION = 'shipment-history';
/** One document per release (R-CUS-2): a shipment by an exporter to an importer in a country on a day. */
export const SHIPMENTS = 'shipments';
/** Who each licence ships from and to, kept from its issue (a release does not carry its parties). */
export const SHIPMENT_LICENCES = 'shipment_licences';

/** The window R-LIC-1 (b) counts shipments in: the previous 6 months. */
export const REPEAT_SHIPMENT_MONTHS = 6;

export interface ShipmentDocument extends Document {
  exporterId: string;
  /** The importer's name as screening normalises it (case, punctuation, width, word order, company forms). */
  importerKey: string;
  importerName: string;
  country: string;
  licenceNo: string;
  declarationNo: string;
  releasedAt: string;
  /** The Taipei date of the release: the window is counted in these. */
  releasedOn: string;
}

interface ShipmentLicenceDocument extends Document {
  exporterId: string;
  importerKey: string;
  importerName: string;
  country: string;
}

/**
 * The importer of a licence's goods: the consignee, who receives them in the destination
 * country, or the buyer when the consignee is "same as buyer".
 */
export function importerOf(parties: { buyer: Party; consignee: Consignee }): string {
  return 'sameAsBuyer' in parties.consignee ? parties.buyer.name : parties.consignee.name;
}

/**
 * Shipments per exporter, importer and country (issue 9 item 5): one document per release,
 * indexed so that "releases by this exporter to this importer in this country since a day" is
 * one bounded count (R-LIC-1 b). A replayed event writes the same documents again.
 */
export const shipmentHistoryProjection: Projection = {
  name: SHIPMENT_HISTORY_PROJECTION,
  version: 1,
  collections: [
    { name: SHIPMENT_LICENCES },
    { name: SHIPMENTS, indexes: [{ fields: [['exporterId', 'asc'], ['importerKey', 'asc'], ['country', 'asc'], ['releasedOn', 'desc']] }] },
  ],
  handlers: decodedHandlers<LicenceEvent>(licenceCodec, {
    LicenceIssued: (event, recorded, context) => {
      const importerName = importerOf(event.data);
      context.put(SHIPMENT_LICENCES, {
        id: licenceCodec.idOf(recorded.stream),
        exporterId: event.data.holderId,
        importerKey: nameKey(importerName),
        importerName,
        country: event.data.destination.toUpperCase(),
      } satisfies ShipmentLicenceDocument);
    },
    GoodsReleased: async (event, recorded, context) => {
      const licenceNo = licenceCodec.idOf(recorded.stream);
      const licence = await context.get<ShipmentLicenceDocument>(SHIPMENT_LICENCES, licenceNo);
      if (!licence) return;
      const { exporterId, importerKey, importerName, country } = licence;
      const { declarationNo, releasedAt } = event.data;
      context.put(SHIPMENTS, {
        id: `${licenceNo}|${declarationNo}`,
        exporterId, importerKey, importerName, country, licenceNo, declarationNo, releasedAt,
        releasedOn: taipeiDateOf(releasedAt),
      } satisfies ShipmentDocument);
    },
  }),
};

/** The first day of the window that ends on `day`: the same date `months` earlier (the month's last day where it is shorter). */
export function windowStart(day: string, months = REPEAT_SHIPMENT_MONTHS): string {
  const [year, month, date] = day.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 - months, 1));
  const daysInMonth = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(date, daysInMonth))).toISOString().slice(0, 10);
}

/**
 * R-LIC-1 (b): how many releases this exporter shipped to this importer (its name, normalised)
 * in this country from `since` (a Taipei date) on. `collection` is the physical name the
 * projection catalog gives for {@link SHIPMENTS}.
 */
export function countShipments(
  store: ReadStore,
  collection: string,
  query: { exporterId: string; importerName: string; country: string; since: string },
): Promise<number> {
  return store.count(collection, {
    exporterId: query.exporterId,
    importerKey: nameKey(query.importerName),
    country: query.country.toUpperCase(),
    releasedOn: { $gte: query.since },
  });
}
