/**
 * One case of each scenario, as one client runs it. `filing`: the applicant's part (file, five
 * uploads, submit, status, list), as the bench measured it first. `lifecycle`: the same, then
 * two reviewers (claim, forward; approve by another, R-REV-3), the licence read, customs'
 * declaration and release against it, the licence read again, and the list. Every read after a
 * command asks `?after=` that command's position (read-your-writes). A case stops at its first
 * unexpected answer.
 */
import { APPLICATION, APPROVE, BALANCE_AFTER_RELEASE, DOCUMENTS, FORWARD, SUBMIT, declaration, multipart, release, tinyPdf } from './bodies';
import { bearer, json, type Http } from './client';

/** Who works one case: the applicant (the client's own account) and the staff it acts as. */
export interface CaseActors {
  client: number;
  applicant: { businessId: string; token: string };
  initialReviewer: string;
  secondReviewer: string;
  customs: string;
}

const position = (body: string) => (JSON.parse(body) as { position: string }).position;

/** File, upload the five documents, submit, and read the status after the submit: the submit's answer, or null. */
async function fileAndSubmit(http: Http, actors: CaseActors, n: number, statusReads: number): Promise<{ caseNo: string; position: string } | null> {
  const { token } = actors.applicant;
  const filed = await http.timed('file', 'POST', '/applications', json(token), APPLICATION);
  if (!filed) return null;
  const { caseNo } = JSON.parse(filed.body) as { caseNo: string };
  for (const type of DOCUMENTS) {
    const { body, contentType } = multipart(type, `${type.toLowerCase()}.pdf`, tinyPdf(`${type} client ${actors.client} case ${n} ${caseNo}`));
    if (!(await http.timed('upload', 'POST', `/applications/${caseNo}/attachments`, { ...bearer(token), 'content-type': contentType }, body))) return null;
  }
  const submitted = await http.timed('submit', 'POST', `/applications/${caseNo}/submit`, json(token), SUBMIT);
  if (!submitted) return null;
  const after = position(submitted.body);
  for (let i = 0; i < statusReads; i++) {
    if (!(await http.timed('status', 'GET', `/applications/${caseNo}/status?after=${after}`, bearer(token)))) return null;
  }
  return { caseNo, position: after };
}

export async function filing(http: Http, actors: CaseActors, n: number, statusReads: number): Promise<boolean> {
  if (!(await fileAndSubmit(http, actors, n, statusReads))) return false;
  return (await http.timed('list', 'GET', '/applications?limit=20', bearer(actors.applicant.token))) !== null;
}

export async function lifecycle(http: Http, actors: CaseActors, n: number, statusReads: number): Promise<boolean> {
  const submitted = await fileAndSubmit(http, actors, n, statusReads);
  if (!submitted) return false;
  const { caseNo } = submitted;
  const { applicant, initialReviewer, secondReviewer, customs } = actors;

  // Initial review: open the case, claim it, forward it with a recommendation.
  if (!(await http.timed('review', 'GET', `/review/cases/${caseNo}?after=${submitted.position}`, bearer(initialReviewer)))) return false;
  if (!(await http.timed('claim', 'POST', `/review/cases/${caseNo}/claim`, json(initialReviewer), '{}'))) return false;
  const forwarded = await http.timed('forward', 'POST', `/review/cases/${caseNo}/forward`, json(initialReviewer), FORWARD);
  if (!forwarded) return false;

  // Second review by another reviewer: open it, approve it; the licence is issued.
  if (!(await http.timed('review', 'GET', `/review/cases/${caseNo}?after=${position(forwarded.body)}`, bearer(secondReviewer)))) return false;
  const approved = await http.timed('approve', 'POST', `/review/cases/${caseNo}/approve`, json(secondReviewer), APPROVE);
  if (!approved) return false;
  const { licenceNo, position: approvedAt } = JSON.parse(approved.body) as { licenceNo: string; position: string };
  if (!(await http.timed('licence', 'GET', `/licences/${licenceNo}?after=${approvedAt}`, bearer(applicant.token)))) return false;

  // Customs: the declaration matches the licence; a partial shipment is released against it.
  const declarationNo = `BN/${String(actors.client).padStart(3, '0')}/${String(n).padStart(6, '0')}`;
  const declared = await http.timed('declare', 'POST', '/customs/declarations', json(customs), declaration(declarationNo, licenceNo, applicant.businessId));
  if (!declared) return false;
  if (!declared.body.includes('"result":"MATCH"')) {
    http.fail('declare', `declaration ${declarationNo} did not match ${licenceNo}`, declared);
    return false;
  }
  // Now, by this machine's clock: after the issue (R-CUS-2), within the validity.
  const released = await http.timed('release', 'POST', '/customs/releases', json(customs), release(declarationNo, licenceNo, new Date().toISOString()));
  if (!released) return false;
  const balance = (JSON.parse(released.body) as { items: Array<{ balance: string }> }).items[0]?.balance;
  if (balance !== BALANCE_AFTER_RELEASE) {
    http.fail('release', `release on ${licenceNo} left ${balance}`, released);
    return false;
  }
  if (!(await http.timed('licence', 'GET', `/licences/${licenceNo}?after=${position(released.body)}`, bearer(applicant.token)))) return false;

  return (await http.timed('list', 'GET', '/applications?limit=20', bearer(applicant.token))) !== null;
}
