import { loadStream, type CommandContext } from '@shtc/commands';
import { caseCodec, caseDecider, isRefusal, type Actor, type CaseEvent, type FiledCase, type FreeText } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ProjectionCatalog, READ_STORE } from '@shtc/read-store';
import { ScreeningLists, parseScreeningList, screenCasesInReview } from '@shtc/screening';
import {
  FIVE_DOCUMENTS,
  exemptBody,
  existingCase,
  fileApplication,
  given,
  registerAndLogin,
  seededCaseNo,
  staffLogin,
  standardBody,
  startApp,
  submittedCase,
  upload,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';

const LIST = [
  'name,aliases,country,source,listDate',
  '"RHEIN OPTICS, GMBH",Rhein Optik,DE,EU-TEST,2026-01-15',
  'Tehran Precision Instruments,,IR,EU-TEST,2026-01-15',
].join('\n');

const operator: Actor = { accountId: 'ops', role: 'ADMIN', businessId: 'OPS' };

/** What `npm run cli -- import-screening-list` does, on the running app's stores (apps/cli runs the same calls). */
async function loadList(t: TestApp, csv = LIST) {
  const events = t.app.get<EventStore>(EVENT_STORE);
  const lists = new ScreeningLists(events);
  const context: CommandContext = { actor: operator, now: t.clock.now(), correlationId: `test-load-${Date.now()}` };
  const loaded = await lists.load(parseScreeningList(csv), 'list.csv', context);
  const run = await screenCasesInReview({
    events, lists, context, store: t.app.get(READ_STORE), catalog: t.app.get(ProjectionCatalog),
    caseKind: { codec: caseCodec, decider: caseDecider }, after: await events.headPosition(), waitMs: 5000,
  });
  return { loaded, run };
}

async function caseState(t: TestApp, caseNo: string): Promise<FiledCase> {
  const { state } = await loadStream(t.app.get<EventStore>(EVENT_STORE), { codec: caseCodec, decider: caseDecider }, caseNo);
  return state as FiledCase;
}

describe('screening (R-REV-7): GET/POST /review/cases/:caseNo/screening', () => {
  let t: TestApp;
  let reviewer: { token: string };
  let applicant: { businessId: string; token: string; accountId: string };
  beforeAll(async () => {
    t = await startApp();
    reviewer = await staffLogin(t, 'REVIEWER');
    applicant = await registerAndLogin(t.http);
  });
  afterAll(() => t.close());

  it('flags a case already in review when a list naming its buyer is loaded; the reviewer records it as a false match', async () => {
    const caseNo = seededCaseNo();
    await given(t, submittedCase(caseNo, applicant, t.clock.now().toISOString()));
    const before = await t.http.get(`/review/cases/${caseNo}/screening`, { token: reviewer.token });
    expect(before.body).toEqual({ items: [], lists: [] });

    const { loaded, run } = await loadList(t);
    expect(loaded.changed).toBe(true);
    expect(run.flagged).toBeGreaterThanOrEqual(1);

    const screening = await t.http.get(`/review/cases/${caseNo}/screening`, { token: reviewer.token });
    expect(screening.status).toBe(200);
    expect(screening.body.lists).toEqual([loaded.label]);
    // The buyer and the end user are the same company, each its own hit; the consignee is the buyer.
    expect(screening.body.items).toEqual([
      { hitId: expect.any(String), party: 'BUYER', name: 'Rhein Optics GmbH', listedName: 'RHEIN OPTICS, GMBH', source: 'EU-TEST', score: 1, disposition: 'OPEN', reason: null },
      { hitId: expect.any(String), party: 'END_USER', name: 'Rhein Optics GmbH', listedName: 'RHEIN OPTICS, GMBH', source: 'EU-TEST', score: 1, disposition: 'OPEN', reason: null },
    ]);

    // Screening again against the same list finds nothing new and records nothing.
    const again = await loadList(t);
    expect(again.loaded.changed).toBe(false);
    expect((await t.http.get(`/review/cases/${caseNo}/screening`, { token: reviewer.token })).body.items).toHaveLength(2);

    const [buyerHit, endUserHit] = screening.body.items;
    const disposed = await t.http.post(
      `/review/cases/${caseNo}/screening/${buyerHit.hitId}`,
      { disposition: 'FALSE_MATCH', reason: 'Different company: registered in Mainz since 1998' },
      { token: reviewer.token },
    );
    expect(disposed.status).toBe(200);
    expect(disposed.body.hit).toMatchObject({ hitId: buyerHit.hitId, disposition: 'FALSE_MATCH', reason: 'Different company: registered in Mainz since 1998' });
    const after = await t.http.get(`/review/cases/${caseNo}/screening?after=${disposed.body.position}`, { token: reviewer.token });
    expect(after.body.items.map((item: { disposition: string }) => item.disposition)).toEqual(['FALSE_MATCH', 'OPEN']);
    expect(endUserHit.hitId).not.toBe(buyerHit.hitId);
  });

  it('refuses approval in second review while a hit is open or a true match, until every hit is a false match (domain level)', async () => {
    const caseNo = seededCaseNo();
    const first: Actor = { accountId: 'r-first', role: 'REVIEWER', businessId: 'R900' };
    const second: Actor = { accountId: 'r-second', role: 'REVIEWER', businessId: 'R901' };
    const seeded = submittedCase(caseNo, applicant, t.clock.now().toISOString());
    const forwarded: CaseEvent = { type: 'ForwardedToSecondReview', data: { recommendation: 'APPROVE', note: 'Fine', forwardedAt: t.clock.now().toISOString(), by: first } };
    await given(t, existingCase(caseNo, [...(seeded.events as CaseEvent[]), forwarded], seeded.files));
    await loadList(t);
    const approve = {
      type: 'ApproveCase' as const, note: 'Approved' as FreeText, by: second, at: t.clock.now().toISOString(),
      licence: { licenceNo: 'L-TEST', issuedOn: '2026-01-20', destinationInAllRegimes: true, destinationControlled: false, recentShipmentsToImporter: 0 },
    };
    const refused = caseDecider.decide(approve, await caseState(t, caseNo));
    expect(isRefusal(refused) && refused.rule).toBe('R-REV-7');

    const { body } = await t.http.get(`/review/cases/${caseNo}/screening`, { token: reviewer.token });
    expect(body.items).toHaveLength(2);
    await t.http.post(`/review/cases/${caseNo}/screening/${body.items[0].hitId}`, { disposition: 'TRUE_MATCH', reason: 'It is the listed company' }, { token: reviewer.token });
    await t.http.post(`/review/cases/${caseNo}/screening/${body.items[1].hitId}`, { disposition: 'FALSE_MATCH', reason: 'Not the listed one' }, { token: reviewer.token });
    expect(isRefusal(caseDecider.decide(approve, await caseState(t, caseNo)))).toBe(true);
    await t.http.post(`/review/cases/${caseNo}/screening/${body.items[0].hitId}`, { disposition: 'FALSE_MATCH', reason: 'On second look, a namesake' }, { token: reviewer.token });
    const approved = caseDecider.decide(approve, await caseState(t, caseNo));
    expect(isRefusal(approved) ? approved.rule : approved.map((event) => event.type)).toEqual(['CaseApproved']);
  });

  it('screens at submission against the lists loaded then, and an exempt case when filed', async () => {
    await loadList(t);
    const { caseNo } = await fileApplication(t.http, applicant.token, standardBody({ buyer: { name: 'Rhein Optik', address: 'Mainz', country: 'DE' } }));
    for (const type of FIVE_DOCUMENTS) expect((await upload(t.baseUrl, applicant.token, caseNo, type, samplePdf(`${type} ${caseNo}`))).status).toBe(201);
    const submitted = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, { token: applicant.token });
    expect(submitted.status).toBe(200);
    const screening = await t.http.get(`/review/cases/${caseNo}/screening`, { token: reviewer.token });
    expect(screening.body.items.map((item: { party: string; listedName: string }) => [item.party, item.listedName])).toEqual([
      ['BUYER', 'Rhein Optik'],
      ['END_USER', 'RHEIN OPTICS, GMBH'],
    ]);

    const exempt = await fileApplication(
      t.http, applicant.token,
      exemptBody({ consignee: { name: 'Tehran Precision Instrument Co.', address: 'Azadi St', country: 'AE' }, endUser: { name: 'Formosa Labs', address: 'Taipei', country: 'TW' }, buyer: { name: 'Formosa Labs', address: 'Taipei', country: 'TW' } }),
    );
    const exemptScreening = await t.http.get(`/review/cases/${exempt.caseNo}/screening`, { token: reviewer.token });
    expect(exemptScreening.body.items).toEqual([expect.objectContaining({ party: 'CONSIGNEE', listedName: 'Tehran Precision Instruments', score: expect.any(Number) })]);
    expect(exemptScreening.body.items[0].score).toBeLessThan(1);
  });

  it('answers 401 without a token, 403 to other roles, 404 for an unknown case or hit, 400 for a bad disposition or reason', async () => {
    const caseNo = seededCaseNo();
    await given(t, submittedCase(caseNo, applicant, t.clock.now().toISOString()));
    await loadList(t);
    const { body } = await t.http.get(`/review/cases/${caseNo}/screening`, { token: reviewer.token });
    const hitId = body.items[0].hitId;
    expect((await t.http.get(`/review/cases/${caseNo}/screening`)).status).toBe(401);
    expect((await t.http.get(`/review/cases/${caseNo}/screening`, { token: applicant.token })).status).toBe(403);
    const auditor = await staffLogin(t, 'AUDITOR');
    expect((await t.http.post(`/review/cases/${caseNo}/screening/${hitId}`, { disposition: 'FALSE_MATCH', reason: 'x' }, { token: auditor.token })).status).toBe(403);
    expect((await t.http.get('/review/cases/SHTC-2026-999999/screening', { token: reviewer.token })).status).toBe(404);
    const unknown = await t.http.post(`/review/cases/${caseNo}/screening/nope`, { disposition: 'FALSE_MATCH', reason: 'x' }, { token: reviewer.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.rule).toBe('R-REV-7');
    const bad = await t.http.post(`/review/cases/${caseNo}/screening/${hitId}`, { disposition: 'MAYBE', reason: 'bidi \u202e trick' }, { token: reviewer.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['disposition', 'reason']);
    const blank = await t.http.post(`/review/cases/${caseNo}/screening/${hitId}`, { disposition: 'TRUE_MATCH', reason: '   ' }, { token: reviewer.token });
    expect(blank.status).toBe(400);
  });
});
