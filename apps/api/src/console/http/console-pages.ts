import { Injectable } from '@nestjs/common';
import type { Role } from '@shtc/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_IDLE_MS, type SignedIn } from '../../auth/sessions';
import { toProblem, type FieldError } from '../../http/problem';
import { FONT_STYLESHEETS } from './console-http';
import { ConsoleCsrf } from './csrf';
import { ConsoleViews } from './console-views';
import { ruleTitle } from './rule-titles';

export interface Bilingual {
  zh: string;
  en: string;
}

export const ROLE_WORDS: Readonly<Record<Role, Bilingual>> = {
  APPLICANT: { zh: '申請人', en: 'Applicant' },
  AGENT: { zh: '代理人', en: 'Agent' },
  REVIEWER: { zh: '審查人員', en: 'Reviewer' },
  AUDITOR: { zh: '稽核人員', en: 'Auditor' },
  CUSTOMS: { zh: '海關', en: 'Customs' },
  ADMIN: { zh: '系統管理者', en: 'Administrator' },
};

/** The console's home for each role: where signing in leads. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'REVIEWER':
      return '/console/review';
    case 'AUDITOR':
    case 'ADMIN':
      return '/console/audit';
    case 'APPLICANT':
    case 'AGENT':
      return '/console/applications';
    case 'CUSTOMS':
      return '/console/customs';
  }
}

interface NavLink extends Bilingual {
  href: string;
  accesskey?: string;
}

function navOf(role: Role): NavLink[] {
  switch (role) {
    case 'REVIEWER':
      return [
        { href: '/console/review', zh: '審查佇列', en: 'Queues', accesskey: 'q' },
        { href: '/console/review?assignee=me', zh: '我的案件', en: 'My cases', accesskey: 'm' },
      ];
    case 'AUDITOR':
    case 'ADMIN':
      return [
        { href: '/console/audit', zh: '案件稽核', en: 'Case audit' },
        { href: '/console/audit/integrity', zh: '完整性檢查', en: 'Integrity check' },
      ];
    case 'APPLICANT':
    case 'AGENT':
      return [{ href: '/console/applications', zh: '我的案件', en: 'My cases' }];
    case 'CUSTOMS':
      return [];
  }
}

/** A refusal as a form shows it: the rule (named in both languages), the API's message, and each field's. */
export interface ProblemView {
  status: number;
  title: string;
  rule: string | null;
  ruleTitle: Bilingual | null;
  detail: string | null;
  errors: Array<FieldError & { ruleTitle: Bilingual | null }>;
}

export function problemView(error: unknown): ProblemView {
  const problem = toProblem(error);
  return {
    status: problem.status,
    title: problem.title,
    rule: problem.rule ?? null,
    ruleTitle: ruleTitle(problem.rule),
    detail: problem.detail ?? null,
    errors: (problem.errors ?? []).map((e) => ({ ...e, ruleTitle: ruleTitle(e.rule) })),
  };
}

/** What every page's layout shows: who is signed in, the navigation, the form token and the session's idle limit. */
@Injectable()
export class ConsolePages {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
  ) {}

  /** The page as HTML (the benchmarks time this). */
  html(name: string, model: { title: Bilingual } & Record<string, unknown>, shell: { account: SignedIn | null; sessionToken: string | null; path: string }): string {
    const { account } = shell;
    const nav = account ? navOf(account.role).map((link) => ({ ...link, current: link.href === shell.path })) : [];
    return this.views.render(name, {
      ...model,
      fonts: FONT_STYLESHEETS,
      account: account && { name: account.name, businessId: account.businessId, role: ROLE_WORDS[account.role] },
      nav,
      csrf: shell.sessionToken ? this.csrf.tokenFor(shell.sessionToken) : (model.csrf ?? null),
      sessionSeconds: account ? SESSION_IDLE_MS / 1000 : null,
    });
  }

  async send(request: FastifyRequest, reply: FastifyReply, name: string, model: { title: Bilingual } & Record<string, unknown>, status = 200): Promise<void> {
    const account = ((request as { account?: SignedIn }).account ?? null) as SignedIn | null;
    const sessionToken = (request as { sessionToken?: string }).sessionToken ?? null;
    const path = request.url;
    const html = this.html(name, model, { account, sessionToken, path });
    await reply.status(status).header('Content-Type', 'text/html; charset=utf-8').send(html);
  }
}

/** 303 See Other: after a form's POST, the page to read next (Post/Redirect/Get). */
export async function seeOther(reply: FastifyReply, location: string): Promise<void> {
  await reply.status(303).header('Location', location).send();
}
