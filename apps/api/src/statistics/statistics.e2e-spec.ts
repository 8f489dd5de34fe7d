import * as XLSX from '@e965/xlsx';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { LicenceExpiryWorker } from '@shtc/storage';
import {
  CLI,
  FIVE_DOCUMENTS,
  download,
  fileApplication,
  login,
  registerAndLogin,
  requireBuiltCli,
  runBuilt,
  staffLogin,
  standardBody,
  startApp,
  upload,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../../../libs/attachments/src/testing/sample-files';

const taipei = (date: string, time = '09:00') => `${date}T${time}:00+08:00`;

/** A standard case to India of two goods lines: a laser module (category 5, USD) and a sensor (category 3, EUR). */
const toIndia = () => {
  const india = { name: 'Bharat Photonics Pvt Ltd', address: '12 MG Road, Bengaluru', country: 'IN' };
  const [laser] = standardBody().items as Array<Record<string, unknown>>;
  const sensor = { ...laser, itemNo: 2, goodsName: 'Infrared focal plane sensor', cccCode: '90013000002', eccn: '3A001.a', quantity: '10', unit: 'KGM', amount: '500', currency: 'EUR' };
  return standardBody({ destination: 'IN', buyer: india, endUser: india, items: [laser, sensor] });
};

/**
 * Licensing statistics (issue 14), checked figure by figure. Cases are driven over HTTP along
 * known paths with the clock set to each step's day, from Thursday 1 April 2027 in Taipei.
 * Working days in April 2027: Fri 2, then Wed 7 (Mon 5 and Tue 6 are days off), Thu 8, Fri 9,
 * Mon 12, Tue 13 (R-REV-4). Each case is filed and submitted on the 1st, except E:
 *   A approved Wed 7 (2 working days): licence to DE (two years, R-LIC-1 a), released in two parts
 *   B rejected on the day (0)               C closed for amendment Thu 8 (3), amended Mon 12
 *   D cancelled on request Fri 2 (1)        E cancelled by the applicant before submission
 *   F to IN, goods in categories 3 and 5: documents asked for Fri 2 and sent back Thu 8 (2 working
 *     days, while the clock stood still), approved Fri 9 (2); its six-month licence expires unused
 *   G referred to consultation Fri 2, the agency replied Mon 12 (4), rejected Tue 13 (6)
 *   H returned from second review Wed 7, forwarded again Thu 8, closed for amendment Fri 9 (4)
 * Processing times 0, 1, 2, 2, 3, 4, 6: median 2, 90th percentile 6.
 */
describe('GET /statistics: figures drawn from the event log, reproducible by a replay (issue 14)', () => {
  let t: TestApp;
  type Who = { businessId: string; token: string };
  let applicant: Who & { accountId: string };
  let alice: Who;
  let bob: Who;
  let customs: Who;
  let auditor: Who;
  let admin: Who;
  let lastPosition = '0';
  const caseNos: Record<string, string> = {};
  const licenceNos: Record<string, string> = {};
  let indiaValidUntil: string;
  let beforeExpiry: string;

  const as = (who: Who) => ({ token: who.token });
  const ok = (answer: { status: number; body: any }, status = 200) => {
    if (answer.status !== status) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    if (answer.body?.position) lastPosition = answer.body.position;
    return answer.body;
  };
  /** Moves the clock to 09:00 of a day in Taipei (and on by a minute per step); sessions idle 20 minutes end (R-ACC-3), so everyone signs in again. */
  const day = async (date: string) => {
    t.clock.set(taipei(date));
    for (const who of [applicant, alice, bob, customs, auditor, admin]) who.token = await login(t.http, who.businessId);
  };
  const review = async (name: string, action: string, body: unknown, who: Who) => {
    t.clock.advance(60_000);
    return ok(await t.http.post(`/review/cases/${caseNos[name]}/${action}`, body, as(who)));
  };
  const fileAndSubmit = async (name: string, body = standardBody()) => {
    t.clock.advance(60_000);
    const { caseNo } = ok(await t.http.post('/applications', body, as(applicant)), 201);
    caseNos[name] = caseNo;
    for (const type of FIVE_DOCUMENTS) ok(await upload(t.baseUrl, applicant.token, caseNo, type, samplePdf(type)), 201);
    ok(await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, as(applicant)));
  };
  const release = async (licenceNo: string, declarationNo: string, quantity: string, amount: string) => {
    t.clock.advance(60_000);
    const compared = ok(await t.http.post('/customs/declarations', {
      declarationNo, licenceNo, exporterId: applicant.businessId, destination: 'DE', consigneeName: 'Rhein Optics GmbH',
      items: [{ itemNo: 1, cccCode: '85414100001', quantity, unit: 'PCE', amount, currency: 'USD' }],
    }, as(customs)));
    expect(compared.result).toBe('MATCH');
    ok(await t.http.post('/customs/releases', { declarationNo, licenceNo, releasedAt: t.clock.now().toISOString(), items: [{ itemNo: 1, quantity }] }, as(customs)));
  };
  const statistics = async (query: string, who: Who = auditor) => ok(await t.http.get(`/statistics?${query}&after=${lastPosition}`, as(who)));

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock(taipei('2027-04-01', '08:30')) });
    // The expiry scheduler waits until the test has moved the clock past the licence's last day.
    await t.app.get(LicenceExpiryWorker, { strict: false }).stop();
    [alice, bob, customs, auditor, admin] = [await staffLogin(t, 'REVIEWER'), await staffLogin(t, 'REVIEWER'), await staffLogin(t, 'CUSTOMS'), await staffLogin(t, 'AUDITOR'), await staffLogin(t, 'ADMIN')];
    applicant = await registerAndLogin(t.http);

    await day('2027-04-01');
    for (const name of ['A', 'B', 'C', 'D']) await fileAndSubmit(name);
    await fileAndSubmit('F', toIndia());
    for (const name of ['G', 'H']) await fileAndSubmit(name);
    caseNos.E = (await fileApplication(t.http, applicant.token)).caseNo;
    ok(await t.http.post(`/applications/${caseNos.E}/cancel`, { reason: 'Filed twice' }, as(applicant)));
    await review('B', 'reject', { reasons: ['End user not credible'] }, alice);

    await day('2027-04-02');
    await review('A', 'forward', { recommendation: 'APPROVE', note: 'Parties and goods check out' }, alice);
    await review('D', 'cancel', { reason: 'The applicant asked to withdraw it' }, alice);
    await review('F', 'request-supplement', { documents: ['BUSINESS_LICENCE'], message: '請補營業執照', replyBy: '2027-04-30' }, alice);
    await review('G', 'refer-consultation', { agencies: ['MND'], note: 'End user unclear' }, alice);
    await review('H', 'forward', { recommendation: 'APPROVE' }, alice);

    await day('2027-04-07');
    licenceNos.A = (await review('A', 'approve', { note: 'Approved' }, bob)).licenceNo;
    await review('H', 'return', { reason: 'Check the end user again' }, bob);

    await day('2027-04-08');
    await review('C', 'close-for-amendment', { reasons: ['End use unclear', 'Consignee address incomplete'] }, alice);
    ok(await upload(t.baseUrl, applicant.token, caseNos.F, 'BUSINESS_LICENCE', samplePdf('營業執照')), 201);
    ok(await t.http.post(`/applications/${caseNos.F}/supplement`, { note: 'Uploaded the business licence' }, as(applicant)));
    await review('F', 'forward', { recommendation: 'APPROVE' }, alice);
    await review('H', 'forward', { recommendation: 'APPROVE' }, alice);

    await day('2027-04-09');
    const approvedF = await review('F', 'approve', { note: 'Approved' }, bob);
    [licenceNos.F, indiaValidUntil] = [approvedF.licenceNo, approvedF.validUntil];
    await review('H', 'close-for-amendment', { reasons: ['Consignee address incomplete'] }, bob);

    await day('2027-04-12');
    await review('G', 'consultation-reply', { agency: 'MND', opinion: 'NO_OBJECTION', note: 'No objection' }, alice);
    await release(licenceNos.A, 'AA/16/001/00001', '40', '4776.00');
    const prefill = ok(await t.http.get(`/reference-data?receiptNo=${caseNos.C}`, as(applicant)));
    caseNos.C2 = ok(await t.http.post('/applications', { ...prefill, consignee: { name: 'Rhein Optics Logistik GmbH', address: 'Hafenstrasse 9, Mainz', country: 'DE' } }, as(applicant)), 201).caseNo;

    await day('2027-04-13');
    await review('G', 'reject', { reasons: ['End user not credible'] }, alice);
    await release(licenceNos.A, 'AA/16/001/00002', '60.5', '7223.88');

    beforeExpiry = lastPosition;
    // The day after the Indian licence's last valid day: the scheduler writes its expiry.
    const expiryDay = new Date(Date.parse(`${indiaValidUntil}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await day(expiryDay);
    expect(await t.app.get(LicenceExpiryWorker, { strict: false }).drain()).toBe(1);
    lastPosition = String(await t.app.get<EventStore>(EVENT_STORE).headPosition());
    const expired = await t.http.get(`/licences/${licenceNos.F}?after=${lastPosition}`, as(auditor));
    expect(expired.body.status).toBe('EXPIRED');
  }, 240_000);
  afterAll(async () => t.close());

  const APRIL_CASES = { filed: 9, submitted: 7, decided: 8, approved: 2, rejected: 2, closedForAmendment: 2, cancelled: 2 };
  const APRIL_PROCESSING = { decided: 7, medianWorkingDays: 2, p90WorkingDays: 6, within7WorkingDays: 7, within30WorkingDays: 7, shareWithin7WorkingDays: 1, shareWithin30WorkingDays: 1 };
  const APRIL_REASONS = {
    rejected: [{ reason: 'End user not credible', count: 2 }],
    closedForAmendment: [{ reason: 'Consignee address incomplete', count: 2 }, { reason: 'End use unclear', count: 1 }],
  };
  const APRIL_VALUES = [{ currency: 'EUR', licensed: '500', shipped: '0' }, { currency: 'USD', licensed: '24000', shipped: '12000' }];

  it('counts each month: cases filed and decided by outcome, processing time, supplements, consultations, returns, licences and reasons', async () => {
    const answer = await statistics('from=2027-04-01&to=2027-10-31');
    expect(answer).toMatchObject({ from: '2027-04-01', to: '2027-10-31', by: 'month', position: lastPosition });
    expect(answer.groups.map((group: any) => group.key)).toEqual(['2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10']);
    const [april, may, , , , , october] = answer.groups;
    expect(april).toEqual({
      key: '2027-04',
      cases: APRIL_CASES,
      processingTime: APRIL_PROCESSING,
      supplements: { requested: 1, answered: 1, answerMedianWorkingDays: 2, answerP90WorkingDays: 2 },
      consultations: { referred: 1, completed: 1, medianWorkingDays: 4, p90WorkingDays: 4 },
      returnsFromSecondReview: 1,
      licences: { issued: 2, cancelled: 0, expiredUnused: 0, balancesReissued: 0, values: APRIL_VALUES },
      reasons: APRIL_REASONS,
    });
    expect(may).toMatchObject({ cases: { filed: 0, decided: 0 }, processingTime: { decided: 0, medianWorkingDays: null, shareWithin7WorkingDays: null }, licences: { issued: 0, values: [] } });
    expect(october.licences).toEqual({ issued: 0, cancelled: 0, expiredUnused: 1, balancesReissued: 0, values: [] });
    expect(answer.total).toEqual({ ...april, key: undefined, licences: { ...april.licences, expiredUnused: 1 } } as never);
  });

  it('answers a range of days from the days it covers: Fri 2 to Thu 8 April', async () => {
    const { total } = await statistics('from=2027-04-02&to=2027-04-08');
    expect(total.cases).toEqual({ filed: 0, submitted: 0, decided: 3, approved: 1, rejected: 0, closedForAmendment: 1, cancelled: 1 });
    // D 1, A 2, C 3
    expect(total.processingTime).toMatchObject({ decided: 3, medianWorkingDays: 2, p90WorkingDays: 3, within7WorkingDays: 3 });
    expect(total.supplements).toMatchObject({ requested: 1, answered: 1 });
    expect(total.consultations).toMatchObject({ referred: 1, completed: 0, medianWorkingDays: null });
    expect(total.returnsFromSecondReview).toBe(1);
    expect(total.licences).toMatchObject({ issued: 1, values: [{ currency: 'USD', licensed: '12000', shipped: '0' }] });
  });

  it('breaks them down by route, kind, destination, export control category and regime', async () => {
    const by = async (grouping: string) =>
      (await statistics(`from=2027-04-01&to=2027-04-30&by=${grouping}`)).groups.map((g: any) => [g.key, g.cases.filed, g.cases.approved, g.licences.issued]);
    expect(await by('route')).toEqual([['STANDARD', 9, 2, 2]]);
    expect(await by('kind')).toEqual([['AMENDMENT', 1, 0, 0], ['NEW', 8, 2, 2]]);
    expect(await by('destination')).toEqual([['DE', 8, 1, 1], ['IN', 1, 1, 1]]);
    // F's goods are in categories 3 and 5: it counts in both.
    expect(await by('category')).toEqual([['3', 1, 1, 1], ['5', 9, 2, 2]]);
    // Germany is in all four regimes, India in all but the Nuclear Suppliers Group.
    expect(await by('regime')).toEqual([['WASSENAAR', 9, 2, 2], ['MTCR', 9, 2, 2], ['NSG', 8, 1, 1], ['AUSTRALIA_GROUP', 9, 2, 2]]);
    const india = (await statistics('from=2027-04-01&to=2027-10-31&by=destination')).groups.find((g: any) => g.key === 'IN');
    expect(india).toMatchObject({
      processingTime: { decided: 1, medianWorkingDays: 2 },
      supplements: { requested: 1, answered: 1, answerMedianWorkingDays: 2 },
      licences: { issued: 1, expiredUnused: 1, values: [{ currency: 'EUR', licensed: '500', shipped: '0' }, { currency: 'USD', licensed: '12000', shipped: '0' }] },
    });
  });

  it('is for reviewers, auditors and administrators: 403 for applicants and customs, 401 without a token', async () => {
    for (const who of [alice, admin]) expect((await t.http.get('/statistics?from=2027-04-01&to=2027-04-30', as(who))).status).toBe(200);
    for (const who of [applicant, customs]) expect((await t.http.get('/statistics?from=2027-04-01&to=2027-04-30', as(who))).status).toBe(403);
    expect((await t.http.get('/statistics?from=2027-04-01&to=2027-04-30')).status).toBe(401);
    expect((await t.http.get('/statistics.csv?from=2027-04-01&to=2027-04-30', as(applicant))).status).toBe(403);
  });

  it('refuses a malformed date, a reversed range, a range over three years and an unknown breakdown, naming the field', async () => {
    const refused = async (query: string) => {
      const answer = await t.http.get(`/statistics?${query}`, as(auditor));
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      return answer.body.errors.map((error: any) => error.field);
    };
    expect(await refused('from=2027-02-30&to=2027-04-30')).toEqual(['from']);
    expect(await refused('to=2027-04-30')).toEqual(['from']);
    expect(await refused('from=2027-05-01&to=2027-04-30')).toEqual(['to']);
    expect(await refused('from=2024-01-01&to=2027-01-01')).toEqual(['to']);
    expect(await refused('from=2027-04-01&to=2027-04-30&by=week')).toEqual(['by']);
    expect(await refused('from=2027-04-01&to=2027-04-30&colour=red')).toEqual(['colour']);
  });

  it('exports the same figures as CSV and as an .xlsx workbook, with their position', async () => {
    const csv = await download(t, auditor.token, `/statistics.csv?from=2027-04-01&to=2027-04-30&after=${lastPosition}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('x-position')).toBe(lastPosition);
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 4)).toEqual(['事件位置 Position', '月份 Month', '收件 Filed', '送審 Submitted']);
    const total = lines.find((line) => line.startsWith(`${lastPosition},合計 Total,`))!.split(',');
    const column = (name: string) => total[header.indexOf(name)];
    expect([column('收件 Filed'), column('准件結案 Approved'), column('審查工作天中位數 Median working days'), column('審查工作天第90百分位 90th percentile working days')]).toEqual(['9', '2', '2', '6']);
    expect([column('出口金額 Shipped value USD'), column('核准金額 Licensed value EUR')]).toEqual(['12000', '500']);
    expect(lines).toContain(`${lastPosition},合計 Total,補正結案 Closed for amendment,Consignee address incomplete,2`);

    const xlsx = await download(t, auditor.token, `/statistics.xlsx?from=2027-04-01&to=2027-04-30&by=destination&after=${lastPosition}`);
    expect(xlsx.status).toBe(200);
    const book = XLSX.read(xlsx.bytes);
    expect(book.SheetNames).toEqual(['統計 Figures', '理由 Reasons', '說明 About']);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets['統計 Figures']);
    expect(rows.map((row) => [row['目的地 Destination'], row['收件 Filed'], row['核發許可證 Licences issued'], row['出口金額 Shipped value USD']])).toEqual([
      ['DE', 8, 1, '12000'],
      ['IN', 1, 1, '0'],
      ['合計 Total', 9, 2, '12000'],
    ]);
    const about = XLSX.utils.sheet_to_json<string[]>(book.Sheets['說明 About'], { header: 1 });
    expect(about).toContainEqual(['事件位置 Position', lastPosition]);
  });

  it('gives the figures the CLI recomputes from a replay of the events, at the same position', async () => {
    requireBuiltCli();
    for (const by of ['month', 'destination', 'category', 'regime']) {
      const query = `from=2027-04-02&to=2027-10-09&by=${by}`;
      const api = await statistics(query);
      const cli = await runBuilt(CLI, ['statistics', '--from', '2027-04-02', '--to', '2027-10-09', '--by', by], { DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, 30_000);
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.stdout)).toEqual(api);
    }
  }, 120_000);

  it('replays up to a position given, to reproduce an earlier answer, and refuses bad options with exit code 2', async () => {
    requireBuiltCli();
    const env = { DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' };
    const earlier = await runBuilt(CLI, ['statistics', '--from', '2027-04-01', '--to', '2027-10-31', '--position', beforeExpiry], env, 30_000);
    expect(earlier.code).toBe(0);
    const answer = JSON.parse(earlier.stdout);
    expect(answer).toMatchObject({ position: beforeExpiry, total: { cases: APRIL_CASES, licences: { issued: 2, expiredUnused: 0, values: APRIL_VALUES } } });
    const reversed = await runBuilt(CLI, ['statistics', '--from', '2027-05-01', '--to', '2027-04-30', '--by', 'week'], env, 30_000);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('--to: to (2027-04-30) must not be before from (2027-05-01)');
    expect(reversed.stderr).toContain('--by: by must be one of month, route, kind, destination, category, regime');
  }, 60_000);
});
