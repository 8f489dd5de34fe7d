import { ManualClock } from '@shtc/platform';
import {
  FIVE_DOCUMENTS,
  assuranceBody,
  fileApplication,
  given,
  givenLicence,
  registerAndLogin,
  seededCaseNo,
  staff,
  startApp,
  submittedCase,
  upload,
  type Staff,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../../libs/attachments/src/testing/sample-files';

/** An applicant account, signed in. */
export interface Applicant {
  businessId: string;
  token: string;
  accountId: string;
}

/**
 * The records every hostile-input suite aims at, all of one applicant (`owner`): a case still
 * REGISTERED (five documents uploaded, so a valid submit would pass), a case in initial review,
 * a licence with a declaration quoting it, an Iran/NK assurance. `outsider` is another
 * applicant; `agent` acts for the owner (R-ACC-4). Staff of every role.
 */
export interface World {
  t: TestApp;
  owner: Applicant;
  outsider: Applicant;
  agent: Applicant;
  reviewer: Staff;
  secondReviewer: Staff;
  customs: Staff;
  auditor: Staff;
  admin: Staff;
  /** Route parameters naming the owner's records, by the names the routes give them. */
  params: {
    caseNo: string;
    reviewCaseNo: string;
    attachmentId: string;
    licenceNo: string;
    assuranceNo: string;
    declarationNo: string;
  };
}

/** Monday 2027-01-04, 09:00 in Taipei: the seeded licence (issued 2027-01-01) is valid. */
export const WORLD_TIME = '2027-01-04T09:00:00+08:00';

export async function startWorld(options: { env?: Record<string, string> } = {}): Promise<World> {
  const t = await startApp({ clock: new ManualClock(WORLD_TIME), env: options.env });
  const [owner, outsider, agent] = [await registerAndLogin(t.http), await registerAndLogin(t.http), await registerAndLogin(t.http)];
  const authorized = await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: owner.token });
  if (authorized.status !== 201) throw new Error(`authorise agent: ${authorized.status} ${JSON.stringify(authorized.body)}`);

  const { caseNo } = await fileApplication(t.http, owner.token);
  let attachmentId = '';
  for (const type of FIVE_DOCUMENTS) {
    const uploaded = await upload(t.baseUrl, owner.token, caseNo, type, samplePdf(`${type} of ${caseNo}`));
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
    attachmentId = uploaded.body.attachmentId;
  }

  const reviewCaseNo = seededCaseNo();
  await given(t, submittedCase(reviewCaseNo, owner, '2027-01-04T00:30:00.000Z'));
  const { licenceNo } = await givenLicence(t, owner, { issuedAt: '2027-01-01T02:00:00.000Z', validUntil: '2027-06-30' });

  const [reviewer, secondReviewer, customs, auditor, admin] = [
    await staff(t, 'REVIEWER'),
    await staff(t, 'REVIEWER'),
    await staff(t, 'CUSTOMS'),
    await staff(t, 'AUDITOR'),
    await staff(t, 'ADMIN'),
  ];

  const assurance = await t.http.post('/assurances', assuranceBody(), { token: owner.token });
  if (assurance.status !== 201) throw new Error(`assurance: ${assurance.status} ${JSON.stringify(assurance.body)}`);

  const declarationNo = `AA/16/${process.pid % 1000}/00001`;
  const declared = await t.http.post('/customs/declarations', sampleDeclaration(licenceNo, declarationNo, owner.businessId), { token: customs.token });
  if (declared.status !== 200) throw new Error(`declaration: ${declared.status} ${JSON.stringify(declared.body)}`);

  return {
    t,
    owner,
    outsider,
    agent,
    reviewer,
    secondReviewer,
    customs,
    auditor,
    admin,
    params: { caseNo, reviewCaseNo, attachmentId, licenceNo, assuranceNo: assurance.body.assuranceNo, declarationNo },
  };
}

/** A declaration that matches the seeded licence's one item. */
export function sampleDeclaration(licenceNo: string, declarationNo: string, exporterId: string): Record<string, unknown> {
  return {
    declarationNo,
    licenceNo,
    exporterId,
    destination: 'DE',
    consigneeName: 'Rhein Optics GmbH',
    items: [{ itemNo: 1, cccCode: '85414100001', quantity: '40', unit: 'PCE', amount: '4800.00', currency: 'USD' }],
  };
}
