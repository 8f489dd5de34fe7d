import type { Route } from './application';
import type { StatusChange } from './status-after';

/**
 * Taiwan's office calendar as the review clock counts with it (libs/reference-data
 * `officeCalendar`). Dates are Asia/Taipei calendar dates, `YYYY-MM-DD`.
 */
export interface OfficeCalendar {
  /** The Taipei calendar date of an instant. */
  dateOf(instant: string): string;
  /** The date `n` working days after `date` (the date itself not counted). */
  addWorkingDays(date: string, n: number): string;
  /** The working days after `from` up to and including `to`. */
  workingDaysBetween(from: string, to: string): number;
  /** Whether the official calendar of the date's year is loaded; beyond it, weekends alone are days off. */
  covers?(date: string): boolean;
}

/** R-REV-4's upper targets in working days: 7 from submission; 30 for Iran/NK or once referred to consultation. */
export const REVIEW_TARGET_WORKING_DAYS = { standard: 7, extended: 30 } as const;

export interface ReviewClock {
  /** The Taipei date of submission: the clock counts the working days after it. */
  startedOn: string;
  targetWorkingDays: number;
  /** The target date, moved on by the working days the case spent awaiting documents. */
  dueDate: string;
  /** Each time the case awaited documents (R-REV-5); `to` is null while it still does. */
  paused: Array<{ from: string; to: string | null }>;
  /** The due date reaches a year whose office calendar is not loaded: counted on weekends alone. */
  approximate: boolean;
}

/**
 * The review clock of a case (R-REV-4), a pure function of its route, its status history and
 * the calendar: it starts at submission, counts Taiwan's working days, stops while the case
 * awaits documents, and has the longer target for Iran/NK cases and cases referred to
 * consultation. `asOf` counts a pause still running up to that instant; without it, only
 * ended pauses move the due date. Null before submission.
 */
export function reviewClock(route: Route, history: readonly StatusChange[], calendar: OfficeCalendar, asOf?: string): ReviewClock | null {
  const submitted = history.find((change) => change.status === 'INITIAL_REVIEW');
  if (!submitted) return null;
  const extended = route === 'IRAN_NK' || history.some((change) => change.status === 'CONSULTATION');
  const targetWorkingDays = extended ? REVIEW_TARGET_WORKING_DAYS.extended : REVIEW_TARGET_WORKING_DAYS.standard;

  const paused: ReviewClock['paused'] = [];
  history.forEach((change, i) => {
    if (change.status === 'AWAITING_SUPPLEMENT') paused.push({ from: change.at, to: history[i + 1]?.at ?? null });
  });
  const daysPaused = paused.reduce((days, pause) => days + pausedWorkingDays(pause, calendar, asOf), 0);

  const startedOn = calendar.dateOf(submitted.at);
  const dueDate = calendar.addWorkingDays(startedOn, targetWorkingDays + daysPaused);
  const approximate = calendar.covers ? !calendar.covers(startedOn) || !calendar.covers(dueDate) : false;
  return { startedOn, targetWorkingDays, dueDate, paused, approximate };
}

/** Where the clock stands on a day: working days left (negative once past) and whether it is overdue. */
export function clockOn(clock: ReviewClock, today: string, calendar: OfficeCalendar): { workingDaysLeft: number; overdue: boolean } {
  const workingDaysLeft = calendar.workingDaysBetween(today, clock.dueDate);
  return { workingDaysLeft, overdue: today > clock.dueDate };
}

/**
 * The working days one pause of the clock lasted (R-REV-4): those after the day the case began to
 * await documents, up to and including the day it stopped (or `asOf`, for a pause still running);
 * 0 for a running pause without `asOf`. How long an applicant took to answer a supplement request.
 */
export function pausedWorkingDays(pause: { from: string; to: string | null }, calendar: OfficeCalendar, asOf?: string): number {
  const end = pause.to ?? asOf;
  return end ? Math.max(0, calendar.workingDaysBetween(calendar.dateOf(pause.from), calendar.dateOf(end))) : 0;
}

/**
 * The working days the clock ran from submission to `at` (R-REV-4): Taiwan's working days after
 * the day of submission up to and including the day of `at`, less those the case spent awaiting
 * documents by then. A decision on the day of submission took 0. Processing time as the
 * statistics report it; null before submission.
 */
export function workingDaysOnClock(route: Route, history: readonly StatusChange[], calendar: OfficeCalendar, at: string): number | null {
  const until = Date.parse(at);
  const clock = reviewClock(route, history.filter((change) => Date.parse(change.at) <= until), calendar, at);
  if (!clock) return null;
  const elapsed = calendar.workingDaysBetween(clock.startedOn, calendar.dateOf(at));
  const paused = clock.paused.reduce((days, pause) => days + pausedWorkingDays(pause, calendar, at), 0);
  return Math.max(0, elapsed - paused);
}
