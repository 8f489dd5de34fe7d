import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { StorageFailureLog } from '@shtc/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie } from '../../auth/session-cookie';
import { ProblemDetailsFilter } from '../../http/problem-details.filter';
import { toProblem } from '../../http/problem';
import { ConsolePages, problemView } from './console-pages';

/**
 * Errors of console routes as a browser reads them: not signed in (or idle 20 minutes, R-ACC-3)
 * goes to the sign-in page; anything else is a page naming the problem in both languages. A
 * client that does not ask for HTML (a script, the route-table spec) gets the API's
 * problem+json, so every route of the app answers errors one way to machines.
 */
@Catch()
export class ConsoleErrorsFilter implements ExceptionFilter {
  private readonly problems: ProblemDetailsFilter;

  constructor(
    private readonly pages: ConsolePages,
    storageFailures: StorageFailureLog,
  ) {
    this.problems = new ProblemDetailsFilter(storageFailures);
  }

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (!String(request.headers.accept ?? '').includes('text/html')) return this.problems.catch(error, host);
    const problem = toProblem(error);
    if (problem.status === 401) {
      clearSessionCookie(request, reply);
      const next = request.method === 'GET' ? `&next=${encodeURIComponent(request.url)}` : '';
      await reply.status(303).header('Location', `/console/login?expired=1${next}`).send();
      return;
    }
    if (problem.status >= 500) request.log.error({ err: error }, 'console request failed');
    if (typeof problem.retryAfter === 'number') reply.header('Retry-After', String(problem.retryAfter));
    await this.pages.send(request, reply, 'error', { title: titleOf(problem.status), problem: problemView(error), csrfProblem: isCsrfRefusal(error) }, problem.status);
  }
}

function titleOf(status: number) {
  if (status === 404) return { zh: '查無資料', en: 'Not found' };
  if (status === 403) return { zh: '無權限', en: 'Not allowed' };
  if (status >= 500) return { zh: '系統錯誤', en: 'Something went wrong' };
  return { zh: '無法處理', en: 'Refused' };
}

function isCsrfRefusal(error: unknown): boolean {
  return error instanceof HttpException && (error.getResponse() as { csrf?: unknown }).csrf === true;
}
