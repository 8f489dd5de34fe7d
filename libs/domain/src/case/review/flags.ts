import type { FiledCase } from '../case.state';

/** What marks a case for a reviewer's attention in the queues and the case view. */
export const REVIEW_FLAGS = ['SCREENING_HIT', 'CONTROLLED_AREA', 'IRAN_NK', 'CONSULTED', 'RETURNED', 'OVERDUE_CLOSE_OUT'] as const;
export type ReviewFlag = (typeof REVIEW_FLAGS)[number];

/**
 * The flags of a case: a screening hit not recorded as a false match (R-REV-7), a destination
 * in the controlled-area list, the Iran/North Korea route (R-IRNK-5), a completed consultation,
 * a return from second review, and exhibition licences of the same exporter whose close-out is
 * overdue (R-EXEMPT-4: `overdueCloseOuts`, their numbers, found by the caller in the licence
 * register, as they depend on today and on other streams).
 */
export function reviewFlags(state: FiledCase, isControlledArea: (country: string) => boolean, overdueCloseOuts: readonly string[] = []): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  if (state.screeningHits.some((hit) => hit.disposition !== 'FALSE_MATCH')) flags.push('SCREENING_HIT');
  if (isControlledArea(state.application.destination)) flags.push('CONTROLLED_AREA');
  if (state.route === 'IRAN_NK') flags.push('IRAN_NK');
  if (state.consultations.some((consultation) => consultation.completedAt)) flags.push('CONSULTED');
  if (state.history.some((change) => change.status === 'RETURNED_TO_INITIAL_REVIEW')) flags.push('RETURNED');
  if (overdueCloseOuts.length > 0) flags.push('OVERDUE_CLOSE_OUT');
  return flags;
}
