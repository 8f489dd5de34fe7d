import { MEGABYTE } from './support/hostile';
import { headPosition, problemShapeError, send } from './support/probes';
import { BODY_SAMPLES, pathFor, tokenOf } from './support/route-samples';
import { startWorld, type World } from './support/world';

/**
 * Bodies the fuzzer (command-bodies.spec.ts) found the app taking, kept as plain cases once
 * fixed: each was stored before its fix, and each must now be refused with a 4xx problem.
 */
describe('counterexamples the command-body fuzzer found', () => {
  let world: World;
  beforeAll(async () => (world = await startWorld()), 60_000);
  afterAll(async () => world?.t.close());

  /** The sample body of `route` with `change` made to it. */
  const variant = (route: string, change: (body: Record<string, any>) => void) => {
    const body = BODY_SAMPLES[route].body(world);
    change(body);
    return body;
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

  it.each(cases)('refuses %s: %s', async (_, route, change) => {
    const [method, path] = route.split(' ');
    const head = await headPosition(world.t);
    const reply = await send(world.t.baseUrl, method, pathFor(world, path), {
      token: tokenOf(world, BODY_SAMPLES[route].caller),
      contentType: 'application/json',
      body: JSON.stringify(variant(route, change)),
    });
    expect([reply.status >= 400 && reply.status < 500, problemShapeError(reply), reply.text.slice(0, 300)]).toEqual([true, null, expect.any(String)]);
    expect(await headPosition(world.t)).toBe(head);
  });
});
