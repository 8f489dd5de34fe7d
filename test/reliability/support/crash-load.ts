/**
 * The lifecycle load of bench/http (scenarios.ts: file, five uploads, submit; claim, forward,
 * approve by two reviewers; customs' declaration and release) from several applicants at once,
 * through the crash-tolerant client, until told to stop: each client finishes the case it is on.
 */
import { businessNumberFrom } from '../../../bench/http/business-number';
import { json } from '../../../bench/http/client';
import { lifecycle } from '../../../bench/http/scenarios';
import { CUSTOMS_ID, STAFF_PASSWORD, reviewerId } from '../../../bench/http/staff';
import type { CrashTolerantHttp } from './crash-client';

const PASSWORD = 'correct horse battery staple';

export interface LoadFigures {
  clients: number;
  casesStarted: number;
  casesDone: number;
}

export class CrashLoad {
  private stopping = false;
  private readonly figures: LoadFigures;

  constructor(
    private readonly http: CrashTolerantHttp,
    private readonly options: { clients: number; reviewers: number; prefixBase: number },
  ) {
    this.figures = { clients: options.clients, casesStarted: 0, casesDone: 0 };
  }

  /** Each client finishes its case, then stops. */
  stop(): void {
    this.stopping = true;
  }

  /** Signs every applicant up and the staff in, then runs cases until stopped. */
  async run(onLoopStart: () => void): Promise<LoadFigures> {
    const { clients, reviewers } = this.options;
    const [applicants, reviewerTokens, customs] = await Promise.all([
      Promise.all(Array.from({ length: clients }, (_, c) => this.signUp(c))),
      Promise.all(Array.from({ length: reviewers }, (_, r) => this.login(reviewerId(r), STAFF_PASSWORD))),
      this.login(CUSTOMS_ID, STAFF_PASSWORD),
    ]);
    if (applicants.some((a) => !a) || reviewerTokens.some((t) => !t) || !customs) throw new Error('an account could not sign up or in');
    onLoopStart();
    await Promise.all(
      applicants.map(async (applicant, client) => {
        for (let n = 0; !this.stopping; n++) {
          const initial = (client + n) % reviewers;
          this.figures.casesStarted++;
          const done = await lifecycle(
            this.http,
            { client, applicant: applicant!, initialReviewer: reviewerTokens[initial]!, secondReviewer: reviewerTokens[(initial + 1) % reviewers]!, customs },
            n,
            1,
          );
          if (done) this.figures.casesDone++;
        }
      }),
    );
    return this.figures;
  }

  private async login(businessId: string, password: string): Promise<string | null> {
    const answer = await this.http.timed('login', 'POST', '/auth/login', json(), JSON.stringify({ businessId, password }));
    return answer ? (JSON.parse(answer.body) as { token: string }).token : null;
  }

  private async signUp(client: number): Promise<{ businessId: string; token: string } | null> {
    const businessId = businessNumberFrom(this.options.prefixBase + client);
    const registration = JSON.stringify({
      businessId, kind: 'COMPANY', name: `Crash Trading ${client} Co., Ltd.`, email: `crash-${businessId}@example.com`, password: PASSWORD,
    });
    if (!(await this.http.timed('register', 'POST', '/auth/register', json(), registration))) return null;
    const token = await this.login(businessId, PASSWORD);
    return token ? { businessId, token } : null;
  }
}
