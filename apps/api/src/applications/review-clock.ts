import type { Route } from '@shtc/domain';
import { DateOutsideCalendarError, addWorkingDays, taipeiDateOf } from '@shtc/reference-data';

/** R-REV-4's upper targets, in working days: 7, or 30 for Iran/North Korea. */
export const TARGET_WORKING_DAYS: Record<Route, number> = { STANDARD: 7, EXEMPT: 7, IRAN_NK: 30 };

/**
 * The review's target date. Past the years the shipped calendar covers, weekends alone are
 * counted (and the operator should load the next year's calendar: libs/reference-data).
 */
export function reviewDueDate(submittedAt: string, route: Route): string {
  const start = taipeiDateOf(submittedAt);
  try {
    return addWorkingDays(start, TARGET_WORKING_DAYS[route]);
  } catch (error) {
    if (!(error instanceof DateOutsideCalendarError)) throw error;
    return addWeekdays(start, TARGET_WORKING_DAYS[route]);
  }
}

function addWeekdays(date: string, n: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  for (let added = 0; added < n; ) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) added++;
  }
  return day.toISOString().slice(0, 10);
}
