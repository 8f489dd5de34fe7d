import { registerAccount } from '@shtc/accounts';
import { EVENT_STORE } from '@shtc/event-store';
import type { Role } from '@shtc/domain';
import { ConsoleClient, PASSWORD, businessNumber, login } from '@shtc/testing';
import { samplePdf } from '../../libs/attachments/src/testing/sample-files';
import { routeTable, type Route } from '../../apps/api/src/audit/read-only/route-table';
import { openApiOperations, type Operation } from './support/openapi';
import { headPosition, problemShapeError, send, storeState, type Reply, type StoreState } from './support/probes';
import { BODY_SAMPLES, pathFor } from './support/route-samples';
import { startWorld, type World } from './support/world';

/**
 * Who walks the routes: nobody; the owner of the world's records; another applicant; an agent the
 * owner authorised (it sees the cases it files for the owner, not the owner's own: R-ACC-4); an
 * account of the AGENT role; staff of every role.
 */
const WALKERS = ['anonymous', 'owner', 'outsider', 'agent', 'agentRole', 'reviewer', 'customs', 'auditor', 'admin'] as const;
type Walker = (typeof WALKERS)[number];

/**
 * Who may call a route, as api.md's sections say (and the README where it adds readers): the
 * oracle the app's own declarations (@Public, @SignedInOnly, @Roles) are held to.
 */
function rolesByApiMd(method: string, path: string): 'public' | 'signed-in' | Role[] {
  if (path.startsWith('/health') || ['/auth/register', '/auth/login', '/auth/password-reset', '/auth/password-reset/confirm'].includes(path)) return 'public';
  if (path === '/auth/logout' || path === '/auth/me') return 'signed-in';
  if (path.startsWith('/review/')) return ['REVIEWER'];
  if (path.startsWith('/customs/')) return ['CUSTOMS'];
  if (path.startsWith('/audit/')) return ['AUDITOR', 'ADMIN'];
  if (path.startsWith('/statistics')) return ['REVIEWER', 'AUDITOR', 'ADMIN'];
  // Reviewers and auditors also read a case's documents, the documents printed from a record, licences and their comparisons.
  const readByStaff =
    method === 'GET' && (/\.pdf$/.test(path) || /\/attachments\/:attachmentId$/.test(path) || path.startsWith('/licences') || path.startsWith('/declarations/') || /\/close-out\/document$/.test(path));
  return readByStaff ? ['APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR'] : ['APPLICANT', 'AGENT'];
}

function isConsole(path: string): boolean {
  return path === '/console' || path.startsWith('/console/');
}

/**
 * Who may open a console page: the callers of the API routes it stands for (README, "Web
 * console"): applicants and agents their cases, reviewers the queues, auditors and admins the
 * audit pages, customs its own page; a case's documents to those who read them through the API.
 */
function consoleRolesByApiMd(path: string): 'public' | 'signed-in' | Role[] {
  if (path === '/console' || path === '/console/login') return 'public';
  if (path === '/console/logout' || path === '/console/session') return 'signed-in';
  if (path.startsWith('/console/review')) return ['REVIEWER'];
  if (path.startsWith('/console/audit')) return ['AUDITOR', 'ADMIN'];
  if (path.startsWith('/console/customs')) return ['CUSTOMS'];
  if (path.startsWith('/console/cases/')) return ['APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR'];
  return ['APPLICANT', 'AGENT'];
}

/** Route parameters that name a record of the owner's: another applicant must not learn it exists. */
const OWNERS_RECORD = /:(caseNo|licenceNo|assuranceNo|declarationNo|attachmentId)\b/;

/**
 * Issue 12: every route of the OpenAPI document, walked by every kind of caller, as api.md
 * says: no token 401; a role the route is not for 403 (R-ACC-5), before anything is looked up;
 * another applicant's case, licence, assurance or declaration 404, never 403 (which would say
 * it exists). Generalises the auditors' read-only walk (audit/read-only) to every role. The walk
 * changes nothing: the event store ends as it began.
 */
describe('every route, walked by every role', () => {
  let world: World;
  let operations: Operation[];
  let routes: Route[];
  let agentRole: { businessId: string; token: string };
  let before: StoreState;
  const walked = { requests: 0, routes: 0 };

  beforeAll(async () => {
    world = await startWorld();
    operations = await openApiOperations(world.t);
    routes = routeTable(world.t.app);
    // An account of the AGENT role the code knows (registration gives APPLICANT), authorised by nobody.
    const businessId = businessNumber();
    await registerAccount(
      world.t.app.get(EVENT_STORE),
      { businessId, kind: 'COMPANY', role: 'AGENT', name: `Broker ${businessId}`, email: `broker-${businessId}@example.com`, password: PASSWORD },
      { now: world.t.clock.now(), correlationId: `agent-role-${businessId}` },
    );
    agentRole = { businessId, token: await login(world.t.http, businessId) };
    before = await storeState(world.t);
  }, 120_000);
  afterAll(async () => {
    console.log(`route walk: ${walked.routes} routes × ${WALKERS.length} callers, ${walked.requests} requests`);
    await world?.t.close();
  });

  const roleOf = (walker: Walker): Role | null =>
    ({ anonymous: null, owner: 'APPLICANT', outsider: 'APPLICANT', agent: 'APPLICANT', agentRole: 'AGENT', reviewer: 'REVIEWER', customs: 'CUSTOMS', auditor: 'AUDITOR', admin: 'ADMIN' })[walker] as Role | null;
  const tokenOf = (walker: Walker) => (walker === 'anonymous' ? undefined : walker === 'agentRole' ? agentRole.token : world[walker].token);
  const accessOf = (operation: Operation) => routes.find((route) => route.method === operation.method && route.path === operation.path)?.access ?? null;
  const allowed = (operation: Operation, role: Role) => {
    const access = accessOf(operation);
    return access?.kind === 'public' || access?.kind === 'signed-in' || (access?.kind === 'roles' && access.roles.includes(role));
  };

  /** A request the route would take from its rightful caller: the sample body, or a small form with a PDF. */
  const request = (operation: Operation, walker: Walker): Promise<Reply> => {
    const query: Record<string, string> = { '/reference-data': `?receiptNo=${world.params.caseNo}`, '/applications/:caseNo/documents/end-use-assurance.pdf': '?version=BUYER' };
    const path = pathFor(world, operation.path) + (query[operation.path] ?? '');
    const options = { token: tokenOf(walker) };
    if (operation.consumes.includes('multipart/form-data')) {
      const boundary = '----routewalk';
      const fields = operation.path.endsWith('/close-out') ? { outcome: 'REIMPORTED', note: 'BE/16/001/00077' } : operation.path.endsWith('/attachments') ? { type: 'CATALOGUE' } : {};
      const text = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
      const body = Buffer.concat([
        Buffer.from(`${text}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="proof.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        samplePdf('route walk'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return send(world.t.baseUrl, operation.method, path, { ...options, contentType: `multipart/form-data; boundary=${boundary}`, body });
    }
    const sample = BODY_SAMPLES[operation.key];
    if (sample) return send(world.t.baseUrl, operation.method, path, { ...options, contentType: 'application/json', body: JSON.stringify(sample.body(world)) });
    return send(world.t.baseUrl, operation.method, path, options);
  };

  /** The console's pages (issue 13) are not API operations: they are walked below, not in the document. */
  const apiRoutes = () => routes.filter((route) => !isConsole(route.path));

  it('walks the routes the app serves: the document and the route table name the same ones', () => {
    expect(operations.map((operation) => operation.key).sort()).toEqual(apiRoutes().map((route) => `${route.method} ${route.path}`).sort());
    expect(operations.length).toBeGreaterThan(60);
  });

  it("declares on every route the callers api.md names for it", () => {
    const declared = operations.map((operation) => {
      const access = accessOf(operation);
      return [operation.key, access?.kind === 'roles' ? [...access.roles].sort() : (access?.kind ?? 'nothing')];
    });
    expect(declared).toEqual(operations.map((operation) => {
      const roles = rolesByApiMd(operation.method, operation.path);
      return [operation.key, typeof roles === 'string' ? roles : [...roles].sort()];
    }));
  });

  it('answers 401 without a token, 403 to every role the route is not for, and 404 for records of another applicant', async () => {
    const wrong: string[] = [];
    // Not walked: the public routes (open to anyone by definition; register would register) and logout (it would end the walker's session).
    const walkable = operations.filter((operation) => accessOf(operation)?.kind !== 'public' && operation.key !== 'POST /auth/logout');
    for (const operation of walkable) {
      walked.routes++;
      for (const walker of WALKERS) {
        const role = roleOf(walker);
        // The prefill walked quotes the owner's case by its receipt number.
        const ownersRecord =
          (OWNERS_RECORD.test(operation.path) && !/^\/(review|customs|audit)\//.test(operation.path)) || operation.path === '/reference-data';
        let expected: string;
        if (role === null) expected = '401 R-ACC-3';
        else if (!allowed(operation, role)) expected = '403 R-ACC-5';
        else if (ownersRecord && (walker === 'outsider' || walker === 'agent' || walker === 'agentRole')) expected = '404';
        else if (operation.method === 'GET') expected = 'served';
        else continue; // a command its rightful caller may send: it would change the world
        const head = await headPosition(world.t);
        const reply = await request(operation, walker);
        walked.requests++;
        const rule = (reply.body as { rule?: string } | null)?.rule;
        const seen =
          expected === 'served'
            ? // Served: not refused to this caller (a document not printed yet, a draft not saved, is a 404 of its own rule).
              reply.status < 500 && ![401, 403].includes(reply.status) && !(reply.status === 404 && rule === 'R-ACC-5')
              ? 'served'
              : `${reply.status} ${rule ?? ''}`.trim()
            : expected === '404'
              ? `${reply.status}`
              : `${reply.status} ${rule ?? ''}`.trim();
        const shape = reply.status >= 400 ? problemShapeError(reply) : null;
        const stored = (await headPosition(world.t)) !== head;
        if (seen !== expected || shape || stored) wrong.push(`${operation.key} as ${walker}: expected ${expected}, got ${seen}${shape ? ` (${shape})` : ''}${stored ? ' and stored something' : ''}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await storeState(world.t)).toEqual(before);
  }, 120_000);
  it('declares on every console page the callers its API counterpart has', () => {
    const consoleRoutes = routes.filter((route) => isConsole(route.path));
    expect(consoleRoutes.length).toBeGreaterThan(20);
    const declared = consoleRoutes.map((route) => [`${route.method} ${route.path}`, route.access?.kind === 'roles' ? [...route.access.roles].sort() : (route.access?.kind ?? 'nothing')]);
    expect(declared).toEqual(consoleRoutes.map((route) => {
      const roles = consoleRolesByApiMd(route.path);
      return [`${route.method} ${route.path}`, typeof roles === 'string' ? roles : [...roles].sort()];
    }));
  });

  it("sends the console's pages to whom they are for: sign-in for nobody, 403 to other roles, 404 for another applicant's records", async () => {
    const browsers = new Map<Walker, ConsoleClient>();
    for (const walker of WALKERS) {
      const browser = new ConsoleClient(world.t.baseUrl);
      if (walker !== 'anonymous') {
        const businessId = walker === 'agentRole' ? agentRole.businessId : world[walker].businessId;
        expect([walker, (await browser.signIn(businessId)).status]).toEqual([walker, 303]);
      }
      browsers.set(walker, browser);
    }
    const wrong: string[] = [];
    // Pages only: a form's POST needs the token of a page its sender was shown (the console's own specs refuse the rest).
    const pages = routes.filter((route) => isConsole(route.path) && route.method === 'GET' && route.access?.kind !== 'public');
    for (const route of pages) {
      walked.routes++;
      const path = `/console${pathFor(world, route.path.slice('/console'.length))}${route.path.endsWith('end-use-assurance.pdf') ? '?version=BUYER' : ''}`;
      for (const walker of WALKERS) {
        const role = roleOf(walker);
        const allowedRoles = consoleRolesByApiMd(route.path);
        const ownersRecord = /^\/console\/(applications|cases)\/:caseNo/.test(route.path);
        let expected: string;
        if (role === null) expected = '303 /console/login';
        else if (typeof allowedRoles !== 'string' && !allowedRoles.includes(role)) expected = '403';
        else if (ownersRecord && (walker === 'outsider' || walker === 'agent' || walker === 'agentRole')) expected = '404';
        else expected = 'served';
        const head = await headPosition(world.t);
        const page = await browsers.get(walker)!.get(path);
        walked.requests++;
        const seen =
          expected === '303 /console/login'
            ? `${page.status} ${page.location?.split('?')[0]}`
            : expected === 'served' && page.status >= 200 && page.status < 300
              ? 'served' // a page, a document, or the session's keep-alive (204)
              : `${page.status}`;
        const stored = (await headPosition(world.t)) !== head;
        if (seen !== expected || stored) wrong.push(`GET ${route.path} as ${walker}: expected ${expected}, got ${seen}${stored ? ' and stored something' : ''}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
