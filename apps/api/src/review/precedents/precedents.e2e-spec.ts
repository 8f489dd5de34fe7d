import type { Actor, CaseEvent } from '@shtc/domain';
import { existingCase, given, registerAndLogin, seededCaseNo, staffLogin, startApp, submittedCase, type TestApp } from '@shtc/testing';

const reviewer: Actor = { accountId: 'r1', role: 'REVIEWER', businessId: 'R001' };

/** A seeded submitted case with its parties and goods changed, then the decision events given. */
function caseWith(t: TestApp, applicant: { accountId: string; businessId: string }, change: (application: any) => void, ...decision: CaseEvent[]) {
  const caseNo = seededCaseNo();
  const seeded = submittedCase(caseNo, applicant, t.clock.now().toISOString());
  const events = structuredClone(seeded.events) as CaseEvent[];
  const registered = events[0] as Extract<CaseEvent, { type: 'CaseRegistered' }>;
  change(registered.data.application);
  return { caseNo, stream: existingCase(caseNo, [...events, ...decision], seeded.files) };
}

const rejected = (at: string): CaseEvent => ({ type: 'CaseRejected', data: { reasons: ['End use not credible'], rejectedAt: at, by: reviewer } });
const closed = (at: string): CaseEvent => ({ type: 'ClosedForAmendment', data: { reasons: ['Wrong CCC code'], closedAt: at, by: reviewer } });
const approved = (at: string): CaseEvent => ({
  type: 'CaseApproved',
  data: { note: 'Fine', approvedAt: at, by: reviewer, licence: { licenceNo: `L-${at}`, issuedOn: at.slice(0, 10), validUntil: '2027-06-01', validityMonths: 6, validityReason: 'STANDARD' } },
});

describe('GET /review/cases/:caseNo/precedents', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('lists earlier decisions on the same end user, buyer, CCC code or ECCN, most recent first, without the case itself', async () => {
    const applicant = await registerAndLogin(t.http);
    const { token } = await staffLogin(t, 'REVIEWER');
    const unique = `${Date.now()}`;
    const parties = (name: string) => ({ name, address: 'Somewhere 1', country: 'DE' });
    const goods = (cccCode: string, eccn: string) => (application: any) => {
      application.items = application.items.map((item: object) => ({ ...item, cccCode, eccn }));
    };
    const sameEndUser = caseWith(t, applicant, (a) => {
      a.endUser = parties(`Nordlicht Labs ${unique} GmbH`);
      a.buyer = parties(`Other Buyer ${unique}`);
      goods('11111111111', '1A001')(a);
    }, rejected('2026-01-05T01:00:00.000Z'));
    const sameBuyer = caseWith(t, applicant, (a) => {
      a.endUser = parties(`Someone Else ${unique}`);
      a.buyer = parties(`Helios Trading ${unique} Ltd`);
      goods('22222222222', '2B002')(a);
    }, approved('2026-01-07T01:00:00.000Z'));
    const sameGoods = caseWith(t, applicant, (a) => {
      a.endUser = parties(`Third Party ${unique}`);
      a.buyer = parties(`Third Party ${unique}`);
      goods('85414100001', '9Z999')(a);
    }, closed('2026-01-09T01:00:00.000Z'));
    const sameEccn = caseWith(t, applicant, (a) => {
      a.endUser = parties(`Fourth Party ${unique}`);
      a.buyer = parties(`Fourth Party ${unique}`);
      goods('33333333333', '5A992.c')(a);
    }, approved('2026-01-10T01:00:00.000Z'));
    const undecided = caseWith(t, applicant, (a) => {
      a.endUser = parties(`NORDLICHT-LABS ${unique}`);
    });
    const viewed = caseWith(t, applicant, (a) => {
      a.endUser = parties(`nordlicht labs ${unique}`); // the same end user, as screening normalises names
      a.buyer = parties(`HELIOS TRADING ${unique} CO., LTD.`);
      a.items = [{ ...a.items[0], cccCode: '85414100001', eccn: '5A992.c' }];
    });
    await given(t, sameEndUser.stream, sameBuyer.stream, sameGoods.stream, sameEccn.stream, undecided.stream, viewed.stream);

    const answer = await t.http.get(`/review/cases/${viewed.caseNo}/precedents`, { token });
    expect(answer.status).toBe(200);
    const mine = answer.body.items.filter((item: { caseNo: string }) => [sameEndUser, sameBuyer, sameGoods, sameEccn, undecided, viewed].some((c) => c.caseNo === item.caseNo));
    expect(mine).toEqual([
      { caseNo: sameEccn.caseNo, decidedAt: '2026-01-10T01:00:00.000Z', outcome: 'APPROVED', matchedOn: 'ECCN', matchedOnAll: ['ECCN'] },
      { caseNo: sameGoods.caseNo, decidedAt: '2026-01-09T01:00:00.000Z', outcome: 'CLOSED_FOR_AMENDMENT', matchedOn: 'CCC_CODE', matchedOnAll: ['CCC_CODE'] },
      { caseNo: sameBuyer.caseNo, decidedAt: '2026-01-07T01:00:00.000Z', outcome: 'APPROVED', matchedOn: 'BUYER', matchedOnAll: ['BUYER'] },
      { caseNo: sameEndUser.caseNo, decidedAt: '2026-01-05T01:00:00.000Z', outcome: 'REJECTED', matchedOn: 'END_USER', matchedOnAll: ['END_USER'] },
    ]);

    // A decided case sees only decisions before its own, never itself.
    const decidedEarly = await t.http.get(`/review/cases/${sameBuyer.caseNo}/precedents`, { token });
    expect(decidedEarly.body.items.map((item: { caseNo: string }) => item.caseNo)).not.toContain(sameBuyer.caseNo);
    expect(decidedEarly.body.items.every((item: { decidedAt: string }) => item.decidedAt < '2026-01-07T01:00:00.000Z')).toBe(true);

    expect((await t.http.get(`/review/cases/${viewed.caseNo}/precedents`)).status).toBe(401);
    expect((await t.http.get(`/review/cases/${viewed.caseNo}/precedents`, { token: applicant.token })).status).toBe(403);
    expect((await t.http.get('/review/cases/SHTC-2026-999998/precedents', { token })).status).toBe(404);
  });
});
