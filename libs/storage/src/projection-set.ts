import { resetToken } from '@shtc/accounts';
import type { AppConfig, Clock } from '@shtc/platform';
import type { Projection } from '@shtc/read-store';
import {
  accountMailProjection,
  accountsProjection,
  auditTrailProjection,
  caseMailProjection,
  caseStatusProjection,
  licenceIssueProjection,
  licenceRegisterProjection,
  precedentsProjection,
  reviewQueuesProjection,
  shipmentHistoryProjection,
  statisticsProjection,
  type RegimesOf,
} from '@shtc/projections';
import type { OfficeCalendar } from '@shtc/domain';
import { isControlledArea, officeCalendar, regimesOf } from '@shtc/reference-data';

/**
 * Mail goes out only for events this recent: a read store built afresh over an old log (a new
 * MongoDB, a deleted read.sqlite) starts with an empty outbox, and must not mail history again.
 */
const MAIL_HORIZON_MS = 24 * 60 * 60 * 1000;

/**
 * The reference data the statistics are computed with, by the projection, GET /statistics and the
 * CLI's replay alike: Taiwan's office calendar for working days (R-REV-4), and the regimes a
 * destination belongs to (regimes.json), read when a range is broken down by regime.
 */
export const statisticsReferenceData: { calendar: OfficeCalendar; regimesOf: RegimesOf } = { calendar: officeCalendar, regimesOf };

/** Every projection this deployment keeps, with what they need from configuration. */
export function buildProjections({ config, clock, secret }: { config: AppConfig; clock: Clock; secret: Buffer }): Projection[] {
  const isRecent = (occurredAt: string) => clock.now().getTime() - Date.parse(occurredAt) < MAIL_HORIZON_MS;
  return [
    accountsProjection,
    caseStatusProjection({ calendar: officeCalendar }),
    licenceIssueProjection,
    reviewQueuesProjection({ calendar: officeCalendar, isControlledArea }),
    accountMailProjection({
      resetToken: (businessId, resetId) => resetToken(secret, businessId, resetId),
      resetUrl: (token) => `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
      isRecent,
    }),
    caseMailProjection({ isRecent }),
    precedentsProjection,
    licenceRegisterProjection,
    shipmentHistoryProjection,
    auditTrailProjection,
    statisticsProjection({ calendar: statisticsReferenceData.calendar }),
  ];
}
