import type { FastifyInstance } from 'fastify';
import { registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';
import { routeTable, type Route } from './route-table';

/**
 * R-ACC-5, auditors read everything and change nothing (issue 11 item 6), proved over the app's
 * whole route table rather than a list someone keeps: every route that is not a GET answers an
 * auditor 403 before it reads its parameters or body (the access guard runs first, so a made-up
 * case number cannot hide a route that would let an auditor through behind a 404).
 */
describe('audit: auditors change nothing', () => {
  let t: TestApp;
  let routes: Route[];
  let auditor: { token: string };

  /** Not commands on anyone's records: the auditor's own session and password, open to every account (or to anyone). */
  const OWN_ACCOUNT: Record<string, string> = {
    'POST /auth/register': 'anyone registers an applicant account; it is not the auditor\'s',
    'POST /auth/login': 'signing in',
    'POST /auth/logout': 'ending one\'s own session (calling it here would end the test\'s)',
    'POST /auth/password-reset': 'asking for one\'s own reset link',
    'POST /auth/password-reset/confirm': 'setting one\'s own password from the link',
    'POST /console/login': 'signing in to the console',
    'POST /console/logout': 'ending one\'s own console session',
  };

  beforeAll(async () => {
    t = await startApp();
    auditor = await staffLogin(t, 'AUDITOR');
    routes = routeTable(t.app);
  });
  afterAll(async () => t.close());

  const commands = () => routes.filter((route) => route.method !== 'GET' && route.method !== 'HEAD' && !Object.hasOwn(OWN_ACCOUNT, `${route.method} ${route.path}`));

  it('reads the route table the app serves', () => {
    const fastify = t.app.getHttpAdapter().getInstance() as FastifyInstance;
    for (const route of routes) expect([route.method, route.path, fastify.hasRoute({ method: route.method as 'GET', url: route.path })]).toEqual([route.method, route.path, true]);
    expect(commands().length).toBeGreaterThan(30);
    expect(commands().map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['POST /applications', 'POST /review/cases/:caseNo/approve', 'POST /customs/releases', 'DELETE /applications/:caseNo/attachments/:attachmentId', 'PUT /drafts/current']),
    );
  });

  it('lets an auditor only into its own account\'s routes, each open to every account on purpose', () => {
    for (const key of Object.keys(OWN_ACCOUNT)) {
      const route = routes.find((candidate) => `${candidate.method} ${candidate.path}` === key);
      expect([key, route?.access?.kind]).toEqual([key, expect.stringMatching(/^(public|signed-in)$/)]);
    }
  });

  it('answers 403 naming R-ACC-5 to an auditor on every other route that is not a GET', async () => {
    const answers: string[] = [];
    for (const route of commands()) {
      // Parameters that look real: the guard must refuse before anything looks them up.
      const url = route.path
        .replace(':caseNo', 'SHTC-2026-000001')
        .replace(':licenceNo', 'LIC-2026-000001')
        .replace(':assuranceNo', 'IRNK-2026-000001')
        .replace(/:[A-Za-z]+/g, 'X1');
      const response = await fetch(`${t.baseUrl}${url}`, {
        method: route.method,
        headers: { authorization: `Bearer ${auditor.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const body = (await response.json().catch(() => null)) as { rule?: string } | null;
      answers.push(`${route.method} ${route.path} → ${response.status} ${body?.rule ?? ''}`.trim());
    }
    expect(answers).toEqual(commands().map((route) => `${route.method} ${route.path} → 403 R-ACC-5`));
  });

  it('serves the audit itself as GETs for auditors and administrators only', async () => {
    const audit = routes.filter((route) => route.path.startsWith('/audit/'));
    expect(audit.length).toBeGreaterThanOrEqual(4);
    for (const route of audit) {
      const roles = route.access?.kind === 'roles' ? route.access.roles : [];
      expect([route.method, route.path, roles.includes('AUDITOR'), roles.filter((role) => role !== 'AUDITOR' && role !== 'ADMIN')]).toEqual(['GET', route.path, true, []]);
    }
    const applicant = await registerAndLogin(t.http);
    const reviewer = await staffLogin(t, 'REVIEWER');
    for (const route of audit) {
      const url = route.path.replace(/:[A-Za-z]+/g, 'case-SHTC-2026-000001');
      for (const who of [applicant, reviewer]) expect([url, (await t.http.get(url, { token: who.token })).status]).toEqual([url, 403]);
    }
  });
});
