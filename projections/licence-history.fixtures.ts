import { licenceCodec } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import { cancelled, customs, declaration, inValidity, issued, released } from '../libs/domain/src/licence/licence.fixtures';

/** A licence's stream as the projections over licences read it: issued, compared, twice released, cancelled. */
let position = 0n;
/** An event as stored now: at its codec's current schema version. */
export const recorded = (licenceNo: string, revision: number, event: { type: string; data: unknown }): RecordedEvent => ({
  stream: `licence-${licenceNo}`, revision, position: ++position, type: event.type, data: event.data,
  metadata: { eventId: `e${position}`, occurredAt: inValidity, actor: customs, correlationId: 'c', causationId: 'c', schemaVersion: licenceCodec.schemaVersion(event.type as never), prevHash: '', hash: '' },
});

const compared = {
  type: 'DeclarationCompared',
  data: {
    declarationNo: 'AA/15/123/45678', declaration: { exporterId: '12345678', destination: 'DE', consigneeName: 'Rhein Optics GmbH', items: declaration().items },
    result: 'MATCH', differences: [], coProcessingCode: null, correctionCaseNo: null, comparedAt: inValidity, by: customs,
  },
};

export const licenceHistory = [
  recorded('LIC-2026-000001', 0, issued()),
  recorded('LIC-2026-000001', 1, compared),
  recorded('LIC-2026-000001', 2, released([{ itemNo: 1, quantity: '40', balance: '60.5' }])),
  recorded('LIC-2026-000001', 3, released([{ itemNo: 1, quantity: '0.5', balance: '60' }], 'AA/15/123/99999', '2027-02-01T02:00:00.000Z')),
  recorded('LIC-2026-000001', 4, cancelled()),
];

