import { Injectable } from '@nestjs/common';
import { CASE_STATUSES } from '@shtc/domain';
import type { SignedIn } from '../../auth/sessions';
import { ApplicantCases, ListApplicationsQuery } from '../../applications/view-application/applicant-cases';
import { validated } from '../http/console-controller';
import { problemView, type ProblemView } from '../http/console-pages';
import { countryWords, kindWords, routeWords, statusWords } from '../http/words';

export interface ApplicantListQuery {
  receiptNo?: string;
  from?: string;
  to?: string;
  status?: string;
  cursor?: string;
}

const PAGE_SIZE = 20;

/**
 * The applicant's cases (issue 13, R-REV-6): a status lookup by receipt number and the cases in
 * a range of application dates, read through ApplicantCases as GET /applications/:caseNo/status
 * and GET /applications are; only its own cases (R-ACC-5).
 */
@Injectable()
export class ApplicantListPage {
  constructor(private readonly cases: ApplicantCases) {}

  async model(account: SignedIn, query: ApplicantListQuery) {
    const receiptNo = query.receiptNo?.trim() ?? '';
    let lookup: { caseNo: string; status: ReturnType<typeof statusWords>; updatedAt: string; dueDate: string | null; href: string } | null = null;
    let lookupProblem: ProblemView | null = null;
    if (receiptNo) {
      try {
        const found = await this.cases.status(receiptNo, account);
        lookup = { caseNo: found.caseNo, status: statusWords(found.status), updatedAt: found.updatedAt, dueDate: found.dueDate, href: caseHref(found.caseNo) };
      } catch (error) {
        lookupProblem = problemView(error);
        if (lookupProblem.status >= 500) throw error;
      }
    }
    const given = Object.fromEntries((['from', 'to', 'status', 'cursor'] as const).filter((name) => query[name]?.trim()).map((name) => [name, query[name]!.trim()]));
    let listProblem: ProblemView | null = null;
    let page: Awaited<ReturnType<ApplicantCases['list']>> = { items: [], nextCursor: null };
    try {
      page = await this.cases.list(await validated(ListApplicationsQuery, { ...given, limit: PAGE_SIZE }), account);
    } catch (error) {
      listProblem = problemView(error);
      if (listProblem.status >= 500) throw error;
    }
    const next = page.nextCursor ? new URLSearchParams({ ...given, cursor: page.nextCursor }).toString() : null;
    return {
      title: { zh: '我的案件', en: 'My cases' },
      receiptNo,
      lookup,
      lookupProblem,
      range: { from: given.from ?? '', to: given.to ?? '', any: Object.keys(given).length > 0 },
      statuses: CASE_STATUSES.map((code) => ({ ...statusWords(code), selected: code === given.status })),
      listProblem,
      items: page.items.map((item) => ({
        caseNo: item.caseNo,
        href: caseHref(item.caseNo),
        status: statusWords(item.status),
        route: routeWords(item.route),
        kind: kindWords(item.kind),
        destination: countryWords(item.destination),
        appliedOn: item.appliedOn,
        updatedAt: item.updatedAt,
        dueDate: item.dueDate,
      })),
      nextHref: next ? `/console/applications?${next}` : null,
    };
  }
}

function caseHref(caseNo: string): string {
  return `/console/applications/${encodeURIComponent(caseNo)}`;
}
