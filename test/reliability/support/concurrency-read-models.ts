import type { CaseState, FiledCase, IssuedLicence, LicenceState } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { REVIEW_QUEUES, queueOf } from '@shtc/projections';
import type { TestApp } from '@shtc/testing';
import { replayCase, replayLicence, streamsOf, type Violation } from './concurrency-streams';

/** Every case and licence stream of the store, replayed: their folds and whatever broke the transition tables. */
export async function replayAll(t: TestApp): Promise<{ cases: Map<string, CaseState>; licences: Map<string, LicenceState>; violations: Violation[] }> {
  const violations: Violation[] = [];
  const cases = new Map<string, CaseState>();
  for (const [stream, history] of await streamsOf(t, 'case')) {
    const replayed = replayCase(history);
    cases.set(stream.slice('case-'.length), replayed.state);
    violations.push(...replayed.violations);
  }
  const licences = new Map<string, LicenceState>();
  for (const [stream, history] of await streamsOf(t, 'licence')) {
    const replayed = replayLicence(history);
    licences.set(stream.slice('licence-'.length), replayed.state);
    violations.push(...replayed.violations);
  }
  return { cases, licences, violations };
}

/**
 * Where the read models disagree with the folds of the streams, once they have read the whole
 * log: each case's status view (as its applicant sees it), the reviewer queues (which queue,
 * which assignee) and their counts, and each licence's balance view (as its holder sees it).
 */
export async function readModelDifferences(
  t: TestApp,
  folds: { cases: Map<string, CaseState>; licences: Map<string, LicenceState> },
  tokens: { applicant: string; reviewer: string },
): Promise<string[]> {
  const head = (await t.app.get<EventStore>(EVENT_STORE).headPosition()).toString();
  const differences: string[] = [];
  const get = async (path: string, token: string) => {
    const answer = await t.http.get(`${path}${path.includes('?') ? '&' : '?'}after=${head}`, { token });
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  const queued = new Map<string, { queue: string; assignee: string | null }>();
  for (const queue of REVIEW_QUEUES) {
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: Array<{ caseNo: string; assignee: { businessId: string } | null }>; nextCursor: string | null } = await get(
        `/review/queues/${queue}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        tokens.reviewer,
      );
      for (const item of page.items) {
        if (queued.has(item.caseNo)) differences.push(`${item.caseNo} is in ${queued.get(item.caseNo)!.queue} and ${queue}`);
        queued.set(item.caseNo, { queue, assignee: item.assignee?.businessId ?? null });
      }
      cursor = page.nextCursor;
    }
  }
  const expectedCounts: Record<string, number> = Object.fromEntries(REVIEW_QUEUES.map((queue) => [queue, 0]));
  for (const [caseNo, state] of folds.cases) {
    if (state.status === 'NONE') continue;
    const filed = state as FiledCase;
    const view = await get(`/applications/${caseNo}/status`, tokens.applicant);
    if (view.status !== filed.status) differences.push(`${caseNo}: status view says ${view.status}, its stream ${filed.status}`);
    const queue = queueOf(filed.status);
    if (queue) expectedCounts[queue] += 1;
    const shown = queued.get(caseNo);
    if ((shown?.queue ?? null) !== queue) differences.push(`${caseNo}: queue ${shown?.queue ?? 'none'}, its stream says ${queue ?? 'none'}`);
    else if (shown && shown.assignee !== (filed.assignee?.businessId ?? null)) {
      differences.push(`${caseNo}: the queue shows ${shown.assignee ?? 'nobody'} assigned, its stream ${filed.assignee?.businessId ?? 'nobody'}`);
    }
  }
  const counts = await get('/review/queues', tokens.reviewer);
  for (const queue of REVIEW_QUEUES) {
    if (counts[queue] !== expectedCounts[queue]) differences.push(`queue count ${queue}: ${counts[queue]}, the streams say ${expectedCounts[queue]}`);
  }

  for (const [licenceNo, state] of folds.licences) {
    if (state.status === 'NONE') continue;
    const licence = state as IssuedLicence;
    const view = await get(`/licences/${licenceNo}`, tokens.applicant);
    const shown = JSON.stringify({ status: view.status, items: view.items.map(({ itemNo, quantity, shipped, balance }: Record<string, unknown>) => ({ itemNo, quantity, shipped, balance })), releases: view.releases.length });
    const folded = JSON.stringify({ status: licence.status, items: licence.items.map(({ itemNo, quantity, shipped, balance }) => ({ itemNo, quantity, shipped, balance })), releases: licence.releases.length });
    if (shown !== folded) differences.push(`${licenceNo}: the licence view shows ${shown}, its stream ${folded}`);
  }
  return differences;
}
