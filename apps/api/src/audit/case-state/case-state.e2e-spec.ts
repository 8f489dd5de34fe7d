import { ManualClock } from '@shtc/platform';
import { given, registerAndLogin, seededCaseNo, staffLogin, startApp, submittedCase, type TestApp } from '@shtc/testing';

/**
 * GET /audit/cases/:caseNo/state (issue 11 item 3): what the question must say, field by field.
 * The case was registered on 2026-12-30 at 09:00 Taipei time and submitted at 10:00.
 */
describe('audit: a case as it stood, asked for by instant or by revision', () => {
  let t: TestApp;
  let auditor: { token: string };
  const caseNo = seededCaseNo();

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-30T11:00:00+08:00') });
    auditor = await staffLogin(t, 'AUDITOR');
    const applicant = await registerAndLogin(t.http);
    await given(t, submittedCase(caseNo, applicant, '2026-12-30T02:00:00.000Z', '2026-12-30T01:00:00.000Z'));
  });
  afterAll(async () => t.close());

  const state = (query: string) => t.http.get(`/audit/cases/${caseNo}/state${query}`, { token: auditor.token });
  const refusal = async (query: string) => {
    const answer = await state(query);
    return [answer.status, [...new Set(answer.body.errors?.map((error: { field: string }) => error.field))]];
  };

  it('reads an instant with its offset, the offset\'s + sent unencoded too, up to the events recorded by then', async () => {
    // given() records every event at the clock's time: 11:00 Taipei; the case's own times are in its data.
    expect((await state('?asOf=2026-12-30T10:59:59%2B08:00')).body).toMatchObject({ status: 'NONE', eventsFolded: 0 });
    expect((await state('?asOf=2026-12-30T11:00:00+08:00')).body).toMatchObject({ asOf: '2026-12-30T03:00:00.000Z', status: 'INITIAL_REVIEW', eventsFolded: 7, eventsAfter: 0 });
    expect((await state('?asOf=2026-12-30T03:00:00Z')).body).toMatchObject({ status: 'INITIAL_REVIEW' });
  });

  it('reads a revision: 0 is the registration', async () => {
    expect((await state('?revision=0')).body).toMatchObject({ revision: 0, status: 'REGISTERED', case: { caseNo, attachments: [] } });
    expect((await state('?revision=6')).body).toMatchObject({ revision: 6, status: 'INITIAL_REVIEW', allowedActions: { REVIEWER: expect.arrayContaining(['claim', 'forward']) } });
  });

  it.each([
    ['', 'asOf'],
    ['?asOf=2026-12-30T03:00:00Z&revision=1', 'revision'],
    ['?asOf=2026-12-30', 'asOf'],
    ['?asOf=2026-12-30T03:00:00', 'asOf'],
    ['?asOf=yesterday', 'asOf'],
    ['?asOf=2026-13-45T03:00:00Z', 'asOf'],
    ['?revision=-1', 'revision'],
    ['?revision=1.5', 'revision'],
    ['?revision=abc', 'revision'],
    ['?revision=7', 'revision'],
    ['?at=2026-12-30T03:00:00Z', 'at'],
  ])('answers 400 naming the field for %j', async (query, field) => {
    expect(await refusal(query)).toEqual([400, [field]]);
  });
});
