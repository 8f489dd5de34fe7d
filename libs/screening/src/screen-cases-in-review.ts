import { executeOnStream, type CommandContext, type StreamKind } from '@shtc/commands';
import { RefusalError, type CaseCommand, type CaseEvent, type CaseState, type CaseStatus } from '@shtc/domain';
import type { EventStore } from '@shtc/event-store';
import { CASES, CASE_STATUS_PROJECTION, type CaseDocument } from '@shtc/projections';
import type { Page, ProjectionCatalog, ReadStore } from '@shtc/read-store';
import type { ScreeningLists } from './screening-lists';
import { screenApplication } from './screen-parties';

/** Submitted and not decided: the cases screened again when a list is loaded. */
export const IN_REVIEW: readonly CaseStatus[] = ['INITIAL_REVIEW', 'RETURNED_TO_INITIAL_REVIEW', 'CONSULTATION', 'SECOND_REVIEW', 'AWAITING_SUPPLEMENT'];

export interface ScreeningRun {
  /** Cases in review screened. */
  cases: number;
  /** Cases with at least one new hit. */
  flagged: number;
  newHits: number;
  /** Cases that left review between the lookup and their screening: skipped. */
  skipped: number;
}

export interface ScreenCasesOptions {
  events: EventStore;
  store: ReadStore;
  catalog: ProjectionCatalog;
  lists: ScreeningLists;
  caseKind: StreamKind<CaseCommand, CaseEvent, CaseState>;
  /** The operator's act: an ADMIN actor. */
  context: CommandContext;
  /** The position the case list must include (the list's load): cases submitted before it are found. */
  after: bigint;
  /** How long to wait for the case list to reach `after`. */
  waitMs?: number;
  onCase?(caseNo: string, newHits: number): void;
}

/**
 * R-REV-7: after a list is loaded, every case in review is screened again through the one command
 * path (a `ScreenParties` command on its stream), so a party listed after submission flags a case
 * already in the queue. The cases come from the case-status projection once it includes the load:
 * a case submitted after that was screened against the new list at submission.
 */
export async function screenCasesInReview(options: ScreenCasesOptions): Promise<ScreeningRun> {
  const { events, store, catalog, lists, caseKind, context } = options;
  if (!(await catalog.waitFor([CASE_STATUS_PROJECTION], options.after, options.waitMs ?? 30_000))) {
    throw new Error('The case list (projection case-status) did not catch up with the load: is the server or projector running? Load the file again to screen the cases in review.');
  }
  const collection = await catalog.collection(CASE_STATUS_PROJECTION, CASES);
  const run: ScreeningRun = { cases: 0, flagged: 0, newHits: 0, skipped: 0 };
  let cursor: string | null = null;
  do {
    const page: Page<CaseDocument> = await store.find<CaseDocument>(collection, { status: { $in: [...IN_REVIEW] } }, { sort: [['id', 'asc']], limit: 500, cursor });
    for (const { caseNo } of page.items) {
      try {
        const executed = await executeOnStream(events, caseKind, caseNo, context, {
          command: async (state): Promise<CaseCommand> => {
            const index = await lists.current();
            const application = state.status === 'NONE' ? null : state.application;
            const screening = index && application ? screenApplication(application, index) : { lists: [], hits: [] };
            return { type: 'ScreenParties', screening, by: context.actor, at: context.now.toISOString() };
          },
        });
        const hits = executed.events.reduce((count, event) => count + (event.type === 'PartiesScreened' ? event.data.hits.length : 0), 0);
        run.cases++;
        run.newHits += hits;
        if (hits > 0) run.flagged++;
        options.onCase?.(caseNo, hits);
      } catch (error) {
        // Decided or withdrawn since the lookup: no longer screened (R-REV-7 is about cases in review).
        if (error instanceof RefusalError) run.skipped++;
        else throw error;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return run;
}
