import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PASSWORD, businessNumber, startApp, type TestApp } from '@shtc/testing';

describe('POST /auth/register', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  const body = (businessId: string, extra: object = {}) => ({
    businessId,
    kind: 'COMPANY',
    name: 'Formosa Photonics Co., Ltd.',
    email: 'export@formosa.example',
    password: PASSWORD,
    ...extra,
  });

  it('registers a company and answers its account id and position', async () => {
    const answer = await t.http.post('/auth/register', body(businessNumber()));
    expect(answer.status).toBe(201);
    expect(answer.body.accountId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.position).toMatch(/^\d+$/);
  });

  it('refuses a second account for the same business number (R-ACC-1) and keeps the first', async () => {
    const businessId = businessNumber();
    await t.http.post('/auth/register', body(businessId));
    const second = await t.http.post('/auth/register', body(businessId, { email: 'other@example.com', password: 'another password' }));
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(second.body).toMatchObject({ status: 409, rule: 'R-ACC-1', errors: [{ field: 'businessId', rule: 'R-ACC-1' }] });
    expect((await t.http.post('/auth/login', { businessId, password: PASSWORD })).status).toBe(200);
  });

  it('lets exactly one of many concurrent registrations of a number win', async () => {
    const businessId = businessNumber();
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.http.post('/auth/register', body(businessId))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.rule === 'R-ACC-1')).toBe(true);
    const db = new Database(join(t.dataDir, 'events.sqlite'), { readonly: true });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM events WHERE stream = ?').get(`account-${businessId}`) as { n: number };
    db.close();
    expect(n).toBe(1);
  });

  it('names each invalid field and its rule', async () => {
    const answer = await t.http.post('/auth/register', body(businessNumber(), { email: 'not an email', password: 'short' }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'email', rule: 'R-FORM-1' }),
        expect.objectContaining({ field: 'password' }),
      ]),
    );
  });

  describe('R-ACC-6 checks the applicant\'s identifier, so a typo cannot take someone else\'s number', () => {
    it('registers a company whose business number passes the check (divisible by 5, as numbers issued from 2023)', async () => {
      expect((await t.http.post('/auth/register', body('04595252'))).status).toBe(201);
    });

    it.each([['22099132', 'a typo in the last digit'], ['12345678', 'a made-up number'], ['1234', 'not 8 digits']])(
      'refuses business number %s (%s) once, naming R-ACC-6',
      async (businessId) => {
        const answer = await t.http.post('/auth/register', body(businessId));
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body).toMatchObject({ status: 400, rule: 'R-ACC-6' });
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'businessId', rule: 'R-ACC-6' })]);
        expect((await t.http.post('/auth/login', { businessId, password: PASSWORD })).status).toBe(401);
      },
    );

    it('registers a person by resident certificate or passport number, and refuses a national ID with a wrong digit', async () => {
      expect((await t.http.post('/auth/register', body('A800000014', { kind: 'PERSON' }))).status).toBe(201);
      expect((await t.http.post('/auth/register', body('E12345678', { kind: 'PERSON' }))).status).toBe(201);
      const typo = await t.http.post('/auth/register', body('A123456788', { kind: 'PERSON' }));
      expect(typo.status).toBe(400);
      expect(typo.body.errors).toEqual([expect.objectContaining({ field: 'businessId', rule: 'R-ACC-6' })]);
    });

    it('keeps the identifier as checked: trimmed, letters upper-cased', async () => {
      expect((await t.http.post('/auth/register', body(' b120000008 ', { kind: 'PERSON' }))).status).toBe(201);
      expect((await t.http.post('/auth/login', { businessId: 'B120000008', password: PASSWORD })).status).toBe(200);
    });
  });

  it('refuses unknown fields, so a client cannot make itself staff', async () => {
    const answer = await t.http.post('/auth/register', body(businessNumber(), { role: 'REVIEWER' }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
    const extra = await t.http.post('/auth/register', body(businessNumber(), { isAdmin: true }));
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin', message: 'isAdmin is not a field of this request' })]);
  });

  it('registers a person by national ID, and refuses a malformed one', async () => {
    expect((await t.http.post('/auth/register', body('A123456789', { kind: 'PERSON' }))).status).toBe(201);
    const bad = await t.http.post('/auth/register', body('A1-23', { kind: 'PERSON' }));
    expect(bad.status).toBe(400);
    expect(bad.body.rule).toBe('R-ACC-6');
  });

  it('answers problem+json for a body that is not JSON', async () => {
    const response = await fetch(`${t.baseUrl}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
