import { Injectable } from '@nestjs/common';
import { ROUTES } from '@shtc/domain';
import { REVIEW_QUEUES, type ReviewQueue } from '@shtc/projections';
import type { SignedIn } from '../../auth/sessions';
import { QUEUE_FLAGS, QueueListQuery, ReviewQueues, type QueueItem } from '../../review/queues/review-queues';
import { validated } from '../http/console-controller';
import { problemView, type ProblemView } from '../http/console-pages';
import { QUEUE_WORDS, countryWords, flagWords, kindWords, routeWords, statusWords } from '../http/words';

/** The query of a queue page, as its filter form and tabs send it (all text, blanks for "any"). */
export interface QueuePageQuery {
  queue?: string;
  destination?: string;
  route?: string;
  flag?: string;
  overdue?: string;
  assignee?: string;
  cursor?: string;
}

const PAGE_SIZE = 50;
const FILTERS = ['destination', 'route', 'flag', 'overdue', 'assignee'] as const;

/**
 * A reviewer's queue page (issue 13): the four queues as tabs with their counts, one queue's
 * cases soonest due first with days left, overdue and flags, filtered by destination, route,
 * flag, overdue and assignee ("my cases" is assignee=me). Read through ReviewQueues, as
 * GET /review/queues and /review/queues/:status are; the filters pass the API's own query DTO.
 */
@Injectable()
export class QueuePage {
  constructor(private readonly queues: ReviewQueues) {}

  async model(account: SignedIn, query: QueuePageQuery) {
    const queue: ReviewQueue = (REVIEW_QUEUES as readonly string[]).includes(query.queue ?? '') ? (query.queue as ReviewQueue) : 'INITIAL_REVIEW';
    const given = Object.fromEntries(FILTERS.filter((name) => query[name]).map((name) => [name, query[name]!.trim()]));
    let filters: QueueListQuery | null = null;
    let problem: ProblemView | null = null;
    try {
      filters = await validated(QueueListQuery, { ...given, ...(query.cursor ? { cursor: query.cursor } : {}), limit: PAGE_SIZE });
    } catch (error) {
      problem = problemView(error);
      if (problem.status >= 500) throw error;
    }
    const mine = given.assignee === 'me';
    const [counts, page] = await Promise.all([
      filters ? this.queues.counts(filters.assignee, account) : Promise.resolve(null),
      filters ? this.queues.page(queue, filters, account) : Promise.resolve({ items: [] as QueueItem[], nextCursor: null }),
    ]);
    const link = (changes: Partial<QueuePageQuery>) => queueHref({ ...given, queue, ...changes });
    return {
      title: mine ? { zh: '我的案件', en: 'My cases' } : { zh: '審查佇列', en: 'Review queues' },
      mine,
      queue,
      queueWords: QUEUE_WORDS[queue],
      tabs: REVIEW_QUEUES.map((code) => ({
        code,
        ...QUEUE_WORDS[code],
        count: counts?.[code] ?? null,
        href: queueHref({ ...given, queue: code }),
        current: code === queue,
      })),
      filters: {
        ...given,
        routes: ROUTES.map((code) => ({ ...routeWords(code), selected: code === given.route })),
        flags: QUEUE_FLAGS.map((code) => ({ ...flagWords(code), selected: code === given.flag })),
        overdue: [
          { code: 'true', zh: '已逾期', en: 'Overdue', selected: given.overdue === 'true' },
          { code: 'false', zh: '未逾期', en: 'Not overdue', selected: given.overdue === 'false' },
        ],
        assignees: [
          { code: 'me', zh: '我的', en: 'Mine', selected: given.assignee === 'me' },
          { code: 'none', zh: '未分派', en: 'Unclaimed', selected: given.assignee === 'none' },
        ],
        otherAssignee: given.assignee && given.assignee !== 'me' && given.assignee !== 'none' ? given.assignee : '',
        any: Object.keys(given).length > 0,
      },
      problem,
      items: page.items.map((item) => itemView(item, account)),
      nextHref: page.nextCursor ? link({ cursor: page.nextCursor }) : null,
      firstHref: query.cursor ? link({ cursor: undefined }) : null,
      // "Next case" claims the most urgent unclaimed case of this queue with these filters.
      nextCase: { queue, ...Object.fromEntries(Object.entries(given).filter(([name]) => name !== 'assignee')) },
    };
  }
}

function itemView(item: QueueItem, account: SignedIn) {
  return {
    caseNo: item.caseNo,
    href: `/console/review/cases/${encodeURIComponent(item.caseNo)}`,
    status: statusWords(item.status),
    destination: countryWords(item.destination),
    route: routeWords(item.route),
    kind: kindWords(item.kind),
    submittedAt: item.submittedAt,
    dueDate: item.dueDate,
    workingDaysLeft: item.workingDaysLeft,
    overdue: item.overdue,
    paused: item.paused,
    replyBy: item.replyBy,
    flags: item.flags.map(flagWords),
    assignee: item.assignee,
    mine: item.assignee?.businessId === account.businessId,
  };
}

export function queueHref(query: QueuePageQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  return `/console/review?${params.toString()}`;
}
