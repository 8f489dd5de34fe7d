import fc from 'fast-check';
import { routeTable, type Route } from '../../apps/api/src/audit/read-only/route-table';
import { fuzzParameters, fuzzRuns, fuzzTimeout } from './support/fuzz-settings';
import { MEGABYTE, hostileBodies, parserHostileBodies, type HostileBody } from './support/hostile';
import { openApiOperations, schemaViolations, type Operation } from './support/openapi';
import { headPosition, problemShapeError, send, storeState, type StoreState } from './support/probes';
import { BODY_SAMPLES, pathFor, tokenOf, type Caller } from './support/route-samples';
import { startWorld, type World } from './support/world';

/**
 * Hostile bodies per command in CI, a smoke (29 commands: about 350 requests, and a new seed
 * each run); FUZZ_RUNS raises it for a soak. A request carrying a megabyte costs tens of ms.
 */
const RUNS = 12;
const RUNS_WITHOUT_BODY = 6;

/**
 * Issue 12, hostile input: every command body of the OpenAPI document, fuzzed from a valid
 * sample with one thing wrong at a time (support/hostile.ts names them) against real records of
 * the owner's. Each answer must be a 4xx problem+json of api.md's shape, in time, and the event
 * store must not move: a refused command stores nothing.
 */
describe('hostile command bodies, fuzzed from the OpenAPI document', () => {
  let world: World;
  let operations: Operation[];
  let routes: Route[];
  let before: StoreState;
  const tally = { requests: 0, byStatus: new Map<number, number>() };

  beforeAll(async () => {
    world = await startWorld();
    operations = await openApiOperations(world.t);
    routes = routeTable(world.t.app);
    before = await storeState(world.t);
  }, 120_000);
  afterAll(async () => {
    const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(`hostile command bodies: ${tally.requests} requests (${statuses})`);
    await world?.t.close();
  });

  const jsonCommands = () => operations.filter((operation) => operation.method !== 'GET' && operation.jsonSchema);

  // The samples are held to the document first: a body the app takes must be one the document
  // allows, or clients generated from it send what the app refuses.
  it('has a sample body for every JSON command of the document, and the document allows each sample', () => {
    expect(jsonCommands().map((operation) => operation.key).sort()).toEqual(Object.keys(BODY_SAMPLES).sort());
    const violations = jsonCommands().flatMap((operation) =>
      schemaViolations(operation.jsonSchema!, BODY_SAMPLES[operation.key].body(world)).map((violation) => `${operation.key}: ${violation}`),
    );
    expect(violations).toEqual([]);
  });

  /** Sends one hostile body and fails, saying what was sent, unless it is refused as api.md says with nothing stored. */
  const expectRefused = async (method: string, path: string, caller: Caller, hostile: Pick<HostileBody, 'label' | 'text' | 'contentType'>) => {
    const head = await headPosition(world.t);
    const reply = await send(world.t.baseUrl, method, path, { token: tokenOf(world, caller), contentType: hostile.contentType, body: hostile.text });
    tally.requests++;
    tally.byStatus.set(reply.status, (tally.byStatus.get(reply.status) ?? 0) + 1);
    const what = `${method} ${path} with ${hostile.label} → ${reply.status} ${reply.text.slice(0, 300)}`;
    if (reply.status < 400 || reply.status >= 500) throw new Error(`not a 4xx: ${what}`);
    const shape = problemShapeError(reply);
    if (shape) throw new Error(`${shape}: ${what}`);
    const after = await headPosition(world.t);
    if (after !== head) throw new Error(`stored something (head ${head} → ${after}): ${what}`);
  };

  it.each(Object.keys(BODY_SAMPLES))(
    '%s: refuses every hostile body with a 4xx problem, in time, storing nothing',
    async (key) => {
      const operation = operations.find((candidate) => candidate.key === key);
      if (!operation) throw new Error(`${key} is not in the OpenAPI document`);
      const sample = BODY_SAMPLES[key];
      const bodies = hostileBodies({
        sample: sample.body(world),
        schema: operation.jsonSchema,
        freeText: sample.freeText ?? [],
        textMutations: !sample.answersAnyText,
      });
      await fc.assert(
        fc.asyncProperty(bodies, (hostile) => expectRefused(operation.method, pathFor(world, operation.path), sample.caller, hostile)),
        fuzzParameters(RUNS),
      );
    },
    fuzzTimeout(RUNS, 30_000),
  );

  it(
    'refuses what no JSON parser may take on every command without a body, storing nothing',
    async () => {
      const bodiless = operations.filter((operation) => operation.method !== 'GET' && operation.consumes.length === 0);
      expect(bodiless.length).toBeGreaterThan(5);
      for (const operation of bodiless) {
        const route = routes.find((candidate) => candidate.method === operation.method && candidate.path === operation.path);
        await fc.assert(
          fc.asyncProperty(parserHostileBodies(), (hostile) => expectRefused(operation.method, pathFor(world, operation.path), callerFor(route), hostile)),
          fuzzParameters(RUNS_WITHOUT_BODY),
        );
      }
    },
    fuzzTimeout(RUNS_WITHOUT_BODY, 30_000),
  );

  /**
   * Bodies the fuzzer found the app taking, kept as plain cases once fixed: each was stored
   * before its fix (see the commits that name them).
   */
  describe('counterexamples it found', () => {
    /** The sample body of `route` with `change` made to it. */
    const variant = (route: string, change: (body: Record<string, any>) => void) => {
      const body = BODY_SAMPLES[route].body(world);
      change(body);
      return JSON.stringify(body);
    };

    const cases: Array<[string, string, (body: Record<string, any>) => void]> = [
      ['a bidi isolate in the name', 'POST /auth/register', (body) => (body.name = `Formosa \u2068Photonics`)],
      ['a NUL in the name', 'POST /auth/register', (body) => (body.name = `Formosa\u0000 Photonics`)],
      ['a bidi override in the email', 'POST /auth/register', (body) => (body.email = `exp\u202eort-${body.businessId}@example.com`)],
      ['a control character in the company email', 'POST /applications', (body) => (body.companyEmail = 'ex\u001aport@formosa.example')],
      ['a right-to-left mark in the company email', 'POST /assurances', (body) => (body.companyEmail = 'export\u200f@formosa.example')],
      ['an unknown field in an agency', 'POST /review/cases/:caseNo/refer-consultation', (body) => (body.agencies[1].priority = 'high')],
      ['a megabyte-long declaration number', 'POST /customs/declarations', (body) => (body.declarationNo = 'Ab1 '.repeat(MEGABYTE / 4))],
      ['a no-break space in the declaration number', 'POST /customs/declarations', (body) => (body.declarationNo = body.declarationNo.replace('/', '/\u00a0'))],
      ['a control character in the destination', 'POST /customs/declarations', (body) => (body.destination = 'DE\u0004')],
      ['a full-width letter in the destination', 'POST /customs/declarations', (body) => (body.destination = 'D\uff21E')],
      ['a bidi override in the consignee name', 'POST /customs/declarations', (body) => (body.consigneeName = 'Rhein \u202eOptics')],
      ['a control character in the declaration number', 'POST /customs/releases', (body) => (body.declarationNo = `A\u0018${body.declarationNo}`)],
      ['a megabyte-long declaration number', 'POST /customs/releases', (body) => (body.declarationNo = 'x'.repeat(MEGABYTE))],
    ];

    it.each(cases)('refuses %s: %s', async (label, route, change) => {
      const [method, path] = route.split(' ');
      await expectRefused(method, pathFor(world, path), BODY_SAMPLES[route].caller, { label, text: variant(route, change), contentType: 'application/json' });
    });
  });

  it('stored nothing over the whole run: the event store has the same head and streams', async () => {
    expect(tally.requests).toBeGreaterThanOrEqual(fuzzRuns(RUNS) * Object.keys(BODY_SAMPLES).length);
    expect(await storeState(world.t)).toEqual(before);
    // And still serves: the owner's case reads as before.
    expect((await world.t.http.get(`/applications/${world.params.caseNo}`, { token: world.owner.token })).body.status).toBe('REGISTERED');
  });
});

/** A caller the route lets through its access guard, so that the body is what is judged. */
function callerFor(route: Route | undefined): Caller {
  const access = route?.access;
  if (!access || access.kind === 'public') return 'anonymous';
  if (access.kind === 'signed-in' || access.roles.includes('APPLICANT')) return 'owner';
  if (access.roles.includes('REVIEWER')) return 'reviewer';
  if (access.roles.includes('CUSTOMS')) return 'customs';
  return 'auditor';
}
