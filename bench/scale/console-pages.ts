import { randomBytes } from 'node:crypto';
import { AccessPolicy } from '@shtc/commands';
import { caseCodec, makeCaseDecider } from '@shtc/domain';
import type { EventStore } from '@shtc/event-store';
import type { Clock } from '@shtc/platform';
import type { ProjectionCatalog, ReadStore } from '@shtc/read-store';
import { loadCasePolicy } from '../../apps/api/src/applications/case-policy';
import { Cases } from '../../apps/api/src/applications/cases';
import { ConsolePages } from '../../apps/api/src/console/http/console-pages';
import { ConsoleViews } from '../../apps/api/src/console/http/console-views';
import { ConsoleCsrf } from '../../apps/api/src/console/http/csrf';
import { QueuePage } from '../../apps/api/src/console/review/queue-page';
import { ReviewCasePage } from '../../apps/api/src/console/review/review-case-page';
import { OverdueCloseOuts } from '../../apps/api/src/licences/close-out/overdue-close-outs';
import { Precedents } from '../../apps/api/src/review/precedents/precedents';
import type { ReviewQueues } from '../../apps/api/src/review/queues/review-queues';
import { ReviewCaseView } from '../../apps/api/src/review/view/review-case-view';

/**
 * The console's reviewer pages as the app wires them (console.module.ts), built by hand over the
 * bench's stores: the queue page and the case page models, and the views that render them.
 */
export function consolePages({ store, catalog, events, clock, queues }: { store: ReadStore; catalog: ProjectionCatalog; events: EventStore; clock: Clock; queues: ReviewQueues }) {
  const kind = { codec: caseCodec, decider: makeCaseDecider(loadCasePolicy()) };
  const cases = new Cases(events, kind, new AccessPolicy(events));
  return {
    pages: new ConsolePages(ConsoleViews.load(), new ConsoleCsrf(randomBytes(32))),
    queuePage: new QueuePage(queues),
    casePage: new ReviewCasePage(new ReviewCaseView(cases, new OverdueCloseOuts(store, catalog, clock), clock), new Precedents(catalog, store)),
  };
}
