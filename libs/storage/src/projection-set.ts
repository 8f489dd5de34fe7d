import { resetToken } from '@shtc/accounts';
import type { AppConfig, Clock } from '@shtc/platform';
import type { Projection } from '@shtc/read-store';
import {
  accountMailProjection,
  accountsProjection,
  caseStatusProjection,
  licenceIssueProjection,
  licenceRegisterProjection,
  precedentsProjection,
  reviewQueuesProjection,
  shipmentHistoryProjection,
} from '@shtc/projections';
import { isControlledArea, officeCalendar } from '@shtc/reference-data';

const MAIL_HORIZON_MS = 24 * 60 * 60 * 1000;

/** Every projection this deployment keeps, with what they need from configuration. */
export function buildProjections({ config, clock, secret }: { config: AppConfig; clock: Clock; secret: Buffer }): Projection[] {
  return [
    accountsProjection,
    caseStatusProjection({ calendar: officeCalendar }),
    licenceIssueProjection,
    reviewQueuesProjection({ calendar: officeCalendar, isControlledArea }),
    accountMailProjection({
      resetToken: (businessId, resetId) => resetToken(secret, businessId, resetId),
      resetUrl: (token) => `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
      isRecent: (occurredAt) => clock.now().getTime() - Date.parse(occurredAt) < MAIL_HORIZON_MS,
    }),
    precedentsProjection,
    licenceRegisterProjection,
    shipmentHistoryProjection,
  ];
}
