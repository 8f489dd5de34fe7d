import { REVIEW_TARGET_WORKING_DAYS } from '@shtc/domain';
import { durationCount, durationsWithin, median, percentile90, type ReasonCount, type Tally, type ValueLine } from './tally';

/** The figures of a range (or one group of it), as GET /statistics and the CLI give them. */
export interface Figures {
  cases: {
    /** Registered (standard and Iran/NK routes) or filed (exempt route). */
    filed: number;
    /** Submitted, exempt filings included: entered the initial review queue (R-REV-1). */
    submitted: number;
    /** approved + rejected + closedForAmendment + cancelled. */
    decided: number;
    approved: number;
    rejected: number;
    closedForAmendment: number;
    /** By the applicant before submission, or by a reviewer on its request after (R-NEW-5). */
    cancelled: number;
  };
  /** From submission to decision, in working days with the clock stopped while awaiting documents (R-REV-4). */
  processingTime: {
    /** Decisions on submitted cases: those timed. */
    decided: number;
    medianWorkingDays: number | null;
    p90WorkingDays: number | null;
    within7WorkingDays: number;
    within30WorkingDays: number;
    /** Of those timed, to 4 decimals; null without any. */
    shareWithin7WorkingDays: number | null;
    shareWithin30WorkingDays: number | null;
  };
  /** Documents asked for (R-REV-5), and the working days applicants took to send them back. */
  supplements: { requested: number; answered: number; answerMedianWorkingDays: number | null; answerP90WorkingDays: number | null };
  /** Referrals to inter-agency consultation, and the working days until every agency had replied. */
  consultations: { referred: number; completed: number; medianWorkingDays: number | null; p90WorkingDays: number | null };
  returnsFromSecondReview: number;
  licences: {
    issued: number;
    /** By the holder (R-BAL-1). */
    cancelled: number;
    /** Expired without any release (R-LIC-1). */
    expiredUnused: number;
    /** Cancelled licences whose balance a case reissued (R-BAL-1). */
    balancesReissued: number;
    /** Per currency: the value licensed (corrections included) and the licensed value of the goods released. */
    values: ValueLine[];
  };
  /** As reviewers recorded them, most frequent first. */
  reasons: { rejected: ReasonCount[]; closedForAmendment: ReasonCount[] };
}

export function figuresOf(tally: Tally): Figures {
  const count = (name: keyof Tally['counts']) => tally.counts[name] ?? 0;
  const { processing, supplementAnswer, consultation } = tally.durations;
  const timed = durationCount(processing);
  const within = (days: number) => durationsWithin(processing, days);
  const share = (part: number) => (timed === 0 ? null : Math.round((part / timed) * 10_000) / 10_000);
  const { standard, extended } = REVIEW_TARGET_WORKING_DAYS;
  const outcomes = { approved: count('approved'), rejected: count('rejected'), closedForAmendment: count('closedForAmendment'), cancelled: count('cancelled') };
  return {
    cases: {
      filed: count('filed'),
      submitted: count('submitted'),
      decided: outcomes.approved + outcomes.rejected + outcomes.closedForAmendment + outcomes.cancelled,
      ...outcomes,
    },
    processingTime: {
      decided: timed,
      medianWorkingDays: median(processing),
      p90WorkingDays: percentile90(processing),
      within7WorkingDays: within(standard),
      within30WorkingDays: within(extended),
      shareWithin7WorkingDays: share(within(standard)),
      shareWithin30WorkingDays: share(within(extended)),
    },
    supplements: {
      requested: count('supplementsRequested'),
      answered: count('supplementsAnswered'),
      answerMedianWorkingDays: median(supplementAnswer),
      answerP90WorkingDays: percentile90(supplementAnswer),
    },
    consultations: {
      referred: count('consultationsReferred'),
      completed: count('consultationsCompleted'),
      medianWorkingDays: median(consultation),
      p90WorkingDays: percentile90(consultation),
    },
    returnsFromSecondReview: count('returnsFromSecondReview'),
    licences: {
      issued: count('licencesIssued'),
      cancelled: count('licencesCancelled'),
      expiredUnused: count('licencesExpiredUnused'),
      balancesReissued: count('balancesReissued'),
      // A currency whose changes net to nothing (a correction that moved it elsewhere) is not listed.
      values: tally.values.filter((line) => !(isZero(line.licensed) && isZero(line.shipped))),
    },
    reasons: { rejected: mostFrequentFirst(tally.reasons.rejected), closedForAmendment: mostFrequentFirst(tally.reasons.closedForAmendment) },
  };
}

function isZero(decimal: string): boolean {
  return /^-?0$/.test(decimal);
}

function mostFrequentFirst(reasons: readonly ReasonCount[] = []): ReasonCount[] {
  return [...reasons].sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}
