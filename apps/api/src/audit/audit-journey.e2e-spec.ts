import { ManualClock } from '@shtc/platform';
import {
  FIVE_DOCUMENTS,
  fileApplication,
  registerAndLogin,
  staffLogin,
  standardBody,
  startApp,
  upload,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../../../libs/attachments/src/testing/sample-files';

const MINUTE = 60_000;
const CJK = /[\u4e00-\u9fff]/;

/**
 * An auditor replays a case driven over HTTP (issue 11, R-ACC-5): filed, documents uploaded,
 * submitted, asked for a supplement and supplied, forwarded, approved by a second reviewer, its
 * licence issued, a declaration compared and the goods released. Each step a minute apart,
 * from Wednesday 2026-12-30 09:00 in Taipei.
 */
describe('audit: a case replayed step by step, and as it stood at any moment', () => {
  let t: TestApp;
  type Who = { businessId: string; token: string };
  let applicant: Who & { accountId: string };
  let alice: Who;
  let bob: Who;
  let customs: Who;
  let auditor: Who;
  let caseNo: string;
  let licenceNo: string;
  let beforeSubmission: string;
  let lastPosition: string;

  const as = (who: { token: string }) => ({ token: who.token });
  const step = async <T>(action: () => Promise<T>): Promise<T> => {
    t.clock.advance(MINUTE);
    return action();
  };
  const ok = (answer: { status: number; body: any }, status = 200) => {
    if (answer.status !== status) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    if (answer.body?.position) lastPosition = answer.body.position;
    return answer.body;
  };

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00') });
    [alice, bob, customs, auditor] = [await staffLogin(t, 'REVIEWER'), await staffLogin(t, 'REVIEWER'), await staffLogin(t, 'CUSTOMS'), await staffLogin(t, 'AUDITOR')];
    applicant = await registerAndLogin(t.http);

    caseNo = (await step(() => fileApplication(t.http, applicant.token, standardBody({ destination: 'DE' })))).caseNo;
    await step(async () => {
      for (const type of FIVE_DOCUMENTS) ok(await upload(t.baseUrl, applicant.token, caseNo, type, samplePdf(type)), 201);
    });
    beforeSubmission = (await step(async () => t.clock.now().toISOString())) as string;
    await step(async () => ok(await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, as(applicant))));
    await step(async () =>
      ok(await t.http.post(`/review/cases/${caseNo}/request-supplement`, { documents: ['BUSINESS_LICENCE'], message: '請補營業執照', replyBy: '2027-01-15' }, as(alice))),
    );
    await step(async () => ok(await upload(t.baseUrl, applicant.token, caseNo, 'BUSINESS_LICENCE', samplePdf('營業執照')), 201));
    await step(async () => ok(await t.http.post(`/applications/${caseNo}/supplement`, { note: 'Uploaded the business licence' }, as(applicant))));
    await step(async () => ok(await t.http.post(`/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE', note: 'Parties and goods check out' }, as(alice))));
    licenceNo = (await step(async () => ok(await t.http.post(`/review/cases/${caseNo}/approve`, { note: 'Approved as recommended' }, as(bob))))).licenceNo;
    const declarationNo = 'AA/16/001/00001';
    await step(async () =>
      ok(
        await t.http.post(
          '/customs/declarations',
          {
            declarationNo, licenceNo, exporterId: applicant.businessId, destination: 'DE', consigneeName: 'Rhein Optics GmbH',
            items: [{ itemNo: 1, cccCode: '85414100001', quantity: '100.5', unit: 'PCE', amount: '12000.00', currency: 'USD' }],
          },
          as(customs),
        ),
      ),
    );
    await step(async () =>
      ok(await t.http.post('/customs/releases', { declarationNo, licenceNo, releasedAt: t.clock.now().toISOString(), items: [{ itemNo: 1, quantity: '50' }] }, as(customs))),
    );
  });
  afterAll(async () => t.close());

  const timeline = async () => ok(await t.http.get(`/audit/cases/${caseNo}/timeline?after=${lastPosition}&limit=500`, as(auditor)));

  it('shows every step of the case and its licence, in order, with who did it and when', async () => {
    const { items, streams, root, nextCursor } = await timeline();
    expect(root).toBe(`case-${caseNo}`);
    expect(streams).toEqual([
      { stream: `case-${caseNo}`, parent: null, relation: null },
      { stream: `licence-${licenceNo}`, parent: `case-${caseNo}`, relation: 'ISSUED_BY' },
    ]);
    expect(nextCursor).toBeNull();
    const steps = items.map((entry: any) => [entry.stream.split('-')[0], entry.type, entry.actor.role, entry.actor.businessId]);
    expect(steps).toEqual([
      ['case', 'CaseRegistered', 'APPLICANT', applicant.businessId],
      ...FIVE_DOCUMENTS.map(() => ['case', 'AttachmentAdded', 'APPLICANT', applicant.businessId]),
      ['case', 'ApplicationSubmitted', 'APPLICANT', applicant.businessId],
      ['case', 'SupplementRequested', 'REVIEWER', alice.businessId],
      ['case', 'AttachmentAdded', 'APPLICANT', applicant.businessId],
      ['case', 'SupplementProvided', 'APPLICANT', applicant.businessId],
      ['case', 'ForwardedToSecondReview', 'REVIEWER', alice.businessId],
      ['case', 'CaseApproved', 'REVIEWER', bob.businessId],
      ['licence', 'LicenceIssued', 'REVIEWER', bob.businessId],
      ['licence', 'DeclarationCompared', 'CUSTOMS', customs.businessId],
      ['licence', 'GoodsReleased', 'CUSTOMS', customs.businessId],
    ]);
    const positions = items.map((entry: any) => BigInt(entry.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    const times = items.map((entry: any) => entry.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(items[0].occurredAt).toBe('2026-12-30T01:01:00.000Z');
  });

  it('describes each step in English and Traditional Chinese', async () => {
    const { items } = await timeline();
    const described = (type: string) => items.find((entry: any) => entry.type === type).description;
    for (const entry of items) {
      expect(entry.description.en).toMatch(/^[\x20-\x7e×…]+$/);
      expect(entry.description.zh).toMatch(CJK);
    }
    expect(described('SupplementRequested')).toEqual({
      en: `Reviewer ${alice.businessId} asked for a copy of the end user's business licence, due 2027-01-15`,
      zh: `審查人員 ${alice.businessId} 通知補件：公司營業執照影本，期限 2027-01-15`,
    });
    expect(described('SupplementProvided')).toEqual({
      en: `Applicant ${applicant.businessId} sent the documents asked for; the case is back in initial review`,
      zh: `申請人 ${applicant.businessId} 完成補件，案件回到初審中`,
    });
    expect(described('ForwardedToSecondReview').zh).toBe(`審查人員 ${alice.businessId} 陳送複審，建議准件`);
    expect(described('CaseApproved').en).toBe(`Reviewer ${bob.businessId} approved the case: licence ${licenceNo}, valid until 2028-12-29 (24 months)`);
    expect(described('LicenceIssued').zh).toContain(`核發許可證 ${licenceNo}`);
    expect(described('DeclarationCompared')).toEqual({
      en: `Customs ${customs.businessId} compared declaration AA/16/001/00001 with the licence: match`,
      zh: `海關 ${customs.businessId} 比對報單 AA/16/001/00001 與許可證：相符`,
    });
    expect(described('GoodsReleased').en).toBe(`Customs ${customs.businessId} released declaration AA/16/001/00001: item 1 × 50 (balance 50.5)`);
    expect(items.filter((entry: any) => entry.status).map((entry: any) => [entry.status, entry.statusZh])).toEqual([
      ['REGISTERED', '登錄中'],
      ['INITIAL_REVIEW', '初審中'],
      ['AWAITING_SUPPLEMENT', '補件'],
      ['INITIAL_REVIEW', '初審中'],
      ['SECOND_REVIEW', '複審中'],
      ['APPROVED', '准件結案'],
      ['VALID', '有效'],
    ]);
  });

  it('pages the timeline in the same order', async () => {
    const { items } = await timeline();
    const first = ok(await t.http.get(`/audit/cases/${caseNo}/timeline?limit=10`, as(auditor)));
    const rest = ok(await t.http.get(`/audit/cases/${caseNo}/timeline?limit=10&cursor=${first.nextCursor}`, as(auditor)));
    expect([...first.items, ...rest.items]).toEqual(items);
    expect(rest.nextCursor).toBeNull();
  });

  it('exports the timeline as CSV that Excel reads in Chinese', async () => {
    const response = await fetch(`${t.baseUrl}/audit/cases/${caseNo}/timeline.csv`, { headers: { authorization: `Bearer ${auditor.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="timeline-${caseNo}.csv"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('position,occurredAt,stream,revision,type,actorRole,actorBusinessId,status,statusZh,descriptionEn,descriptionZh');
    const { items } = await timeline();
    expect(lines.filter(Boolean)).toHaveLength(items.length + 1);
    expect(lines).toContainEqual(expect.stringContaining(`審查人員 ${alice.businessId} 通知補件：公司營業執照影本，期限 2027-01-15`));
  });

  it('folds the case as it stood before submission: REGISTERED, with the applicant\'s actions open then', async () => {
    const then = ok(await t.http.get(`/audit/cases/${caseNo}/state?asOf=${encodeURIComponent(beforeSubmission)}`, as(auditor)));
    expect(then).toMatchObject({
      caseNo, asOf: beforeSubmission, revision: 5, eventsFolded: 6, status: 'REGISTERED', statusZh: '登錄中',
      allowedActions: { APPLICANT: ['edit', 'attach', 'remove-attachment', 'submit', 'cancel'], REVIEWER: [], OPERATOR: [] },
      case: { caseNo, submittedAt: null, licence: null },
    });
    expect(then.case.attachments).toHaveLength(5);
    expect(then.eventsAfter).toBeGreaterThan(0);
  });

  it('folds the case at any revision, and as it stands now', async () => {
    const awaiting = ok(await t.http.get(`/audit/cases/${caseNo}/state?revision=7`, as(auditor)));
    expect(awaiting).toMatchObject({ revision: 7, status: 'AWAITING_SUPPLEMENT', allowedActions: { APPLICANT: ['attach', 'remove-attachment', 'supplement'] } });
    expect(awaiting.case.supplement).toMatchObject({ documents: ['BUSINESS_LICENCE'], replyBy: '2027-01-15' });
    const now = ok(await t.http.get(`/audit/cases/${caseNo}/state?asOf=${encodeURIComponent(t.clock.now().toISOString())}`, as(auditor)));
    expect(now).toMatchObject({ status: 'APPROVED', eventsAfter: 0, allowedActions: { APPLICANT: [], REVIEWER: ['notes'] }, case: { licence: { licenceNo } } });
  });

  it('answers that the case did not exist yet before it was registered', async () => {
    const before = ok(await t.http.get(`/audit/cases/${caseNo}/state?asOf=2026-12-30T09:00:00%2B08:00`, as(auditor)));
    expect(before).toMatchObject({ revision: -1, position: null, eventsFolded: 0, status: 'NONE', statusZh: null, case: null, allowedActions: { APPLICANT: ['file'], REVIEWER: [] } });
  });

  it('is the auditor\'s (and the administrator\'s): an applicant or a reviewer gets 403', async () => {
    const admin = await staffLogin(t, 'ADMIN');
    const paths = [`/audit/cases/${caseNo}/timeline`, `/audit/cases/${caseNo}/timeline.csv`, `/audit/cases/${caseNo}/state?revision=0`, `/audit/streams/case-${caseNo}/events`];
    for (const path of paths) {
      expect([path, (await t.http.get(path, as(applicant))).status]).toEqual([path, 403]);
      expect([path, (await t.http.get(path, as(alice))).status]).toEqual([path, 403]);
      expect([path, (await t.http.get(path, as(admin))).status]).toEqual([path, 200]);
    }
    expect((await t.http.get(`/audit/cases/${caseNo}/timeline`, as(applicant))).body).toMatchObject({ status: 403, rule: 'R-ACC-5' });
    expect((await t.http.get(`/audit/cases/${caseNo}/timeline`)).status).toBe(401);
  });

  it('answers 404 for a case it does not know', async () => {
    expect((await t.http.get('/audit/cases/SHTC-2026-999999/timeline', as(auditor))).body).toMatchObject({ status: 404, detail: 'No case SHTC-2026-999999' });
    expect((await t.http.get('/audit/cases/SHTC-2026-999999/timeline.csv', as(auditor))).status).toBe(404);
    expect((await t.http.get('/audit/cases/SHTC-2026-999999/state?revision=0', as(auditor))).status).toBe(404);
  });
});
