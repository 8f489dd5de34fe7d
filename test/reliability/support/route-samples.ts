import { PASSWORD, assuranceBody, businessNumber, standardBody } from '@shtc/testing';
import { sampleDeclaration, type World } from './world';

/** Who calls a route in the suites: one of the world's accounts, or nobody. */
export type Caller = 'anonymous' | 'owner' | 'outsider' | 'agent' | 'reviewer' | 'secondReviewer' | 'customs' | 'auditor' | 'admin';

export function tokenOf(world: World, caller: Caller): string | undefined {
  return caller === 'anonymous' ? undefined : world[caller].token;
}

/**
 * A route's path with the world's records in it: the owner's REGISTERED case for applicant
 * routes, the case in review for reviewer routes, and so on. Parameters are URL-encoded
 * (a declaration number has slashes).
 */
export function pathFor(world: World, path: string): string {
  const { params } = world;
  const values: Record<string, string> = {
    caseNo: path.startsWith('/review/') || path.startsWith('/audit/') ? params.reviewCaseNo : params.caseNo,
    attachmentId: params.attachmentId,
    licenceNo: params.licenceNo,
    assuranceNo: params.assuranceNo,
    declarationNo: params.declarationNo,
    agentBusinessId: world.agent.businessId,
    status: 'INITIAL_REVIEW',
    hitId: 'no-such-hit',
    stream: `case-${params.reviewCaseNo}`,
  };
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for the route parameter :${name} of ${path}`);
    return encodeURIComponent(values[name]);
  });
}

export interface BodySample {
  caller: Caller;
  /** A body the route takes (in the world's state it may still be refused for the record's status). */
  body: (world: World) => Record<string, unknown>;
  /**
   * The route answers 2xx to any well-typed value by contract, storing nothing for a value it
   * cannot use: POST /auth/password-reset answers 202 whether or not the account exists.
   */
  answersAnyText?: boolean;
  /**
   * Fields that take any text a person may type, in any script (reasons, notes, goods names,
   * passwords; and email addresses, whose local part may hold letters of any script, RFC 6531).
   * Control and format characters are still refused in them; combining marks and full-width
   * letters, refused in codes, are not.
   */
  freeText?: readonly string[];
}

const REASON = 'Please check the end user again';
const NOTE = 'Called the applicant: the catalogue follows tomorrow';
let declarations = 100;

/**
 * A valid JSON body for every command of the OpenAPI document that takes one, keyed by
 * `METHOD /path`: the base the fuzzer mutates. A command added to the document without a sample
 * here fails the fuzz suite until one is written.
 */
export const BODY_SAMPLES: Record<string, BodySample> = {
  'POST /auth/register': {
    caller: 'anonymous',
    body: () => {
      const businessId = businessNumber();
      return { businessId, kind: 'COMPANY', name: `Company ${businessId}`, email: `export-${businessId}@example.com`, password: PASSWORD };
    },
    freeText: ['name', 'password', 'email'],
  },
  'POST /auth/login': { caller: 'anonymous', body: () => ({ businessId: businessNumber(), password: PASSWORD }), freeText: ['password'] },
  'POST /auth/password-reset': { caller: 'anonymous', body: () => ({ businessId: businessNumber() }), answersAnyText: true },
  'POST /auth/password-reset/confirm': { caller: 'anonymous', body: () => ({ token: 'a'.repeat(64), newPassword: 'another long password' }), freeText: ['newPassword'] },
  'POST /agents/authorizations': { caller: 'owner', body: (w) => ({ agentBusinessId: w.outsider.businessId }) },
  'POST /applications': { caller: 'owner', body: () => standardBody(), freeText: ['goodsName', 'brand', 'model', 'spec', 'description', 'companyEmail'] },
  'PUT /applications/:caseNo': { caller: 'owner', body: () => standardBody(), freeText: ['goodsName', 'brand', 'model', 'spec', 'description', 'companyEmail'] },
  'POST /applications/:caseNo/submit': { caller: 'owner', body: () => ({ endUse: 'Optical test benches for telecom research' }) },
  'POST /applications/:caseNo/cancel': { caller: 'owner', body: () => ({ reason: 'The order was withdrawn' }), freeText: ['reason'] },
  'POST /applications/:caseNo/supplement': { caller: 'owner', body: () => ({ note: 'The business licence is uploaded.' }), freeText: ['note'] },
  'POST /assurances': { caller: 'owner', body: () => assuranceBody(), freeText: ['goodsName', 'brand', 'model', 'spec', 'companyEmail'] },
  'PUT /assurances/:assuranceNo': { caller: 'owner', body: () => assuranceBody(), freeText: ['goodsName', 'brand', 'model', 'spec', 'companyEmail'] },
  'POST /review/assurances/:assuranceNo/unlock': { caller: 'reviewer', body: () => ({ reason: 'The applicant called: the end user moved offices' }), freeText: ['reason'] },
  'POST /review/cases/:caseNo/reassign': { caller: 'reviewer', body: (w) => ({ reviewerBusinessId: w.secondReviewer.businessId, reason: 'On leave this week' }), freeText: ['reason'] },
  'POST /review/cases/:caseNo/request-supplement': {
    caller: 'reviewer',
    body: () => ({ documents: ['BUSINESS_LICENCE'], message: 'Please upload your business licence (營業執照).', replyBy: '2027-01-20' }),
    freeText: ['message'],
  },
  'POST /review/cases/:caseNo/refer-consultation': {
    caller: 'reviewer',
    body: () => ({ agencies: ['MND', { agency: 'MOEA-IDB', dueDate: '2027-01-20' }], note: NOTE }),
    // An agency is named as people write it (國防部 as well as MND).
    freeText: ['note', 'agencies', 'agency'],
  },
  'POST /review/cases/:caseNo/consultation-reply': { caller: 'reviewer', body: () => ({ agency: 'MND', opinion: 'NO_OBJECTION', note: NOTE }), freeText: ['note', 'agency'] },
  'POST /review/cases/:caseNo/forward': { caller: 'reviewer', body: () => ({ recommendation: 'APPROVE', note: NOTE }), freeText: ['note'] },
  'POST /review/cases/:caseNo/return': { caller: 'reviewer', body: () => ({ reason: REASON }), freeText: ['reason'] },
  'POST /review/cases/:caseNo/close-for-amendment': { caller: 'reviewer', body: () => ({ reasons: ['The consignee address is incomplete'] }), freeText: ['reasons'] },
  'POST /review/cases/:caseNo/reject': { caller: 'reviewer', body: () => ({ reasons: ['The end user is a listed entity'] }), freeText: ['reasons'] },
  'POST /review/cases/:caseNo/cancel': { caller: 'reviewer', body: () => ({ reason: 'The applicant asked to cancel by phone' }), freeText: ['reason'] },
  'POST /review/cases/:caseNo/notes': { caller: 'reviewer', body: () => ({ text: NOTE }), freeText: ['text'] },
  'POST /review/cases/:caseNo/approve': { caller: 'reviewer', body: () => ({ note: 'Approved as recommended' }), freeText: ['note'] },
  'POST /review/cases/:caseNo/screening/:hitId': {
    caller: 'reviewer',
    body: () => ({ disposition: 'FALSE_MATCH', reason: 'Different company: registered in Mainz since 1998' }),
    freeText: ['reason'],
  },
  'POST /customs/declarations': {
    caller: 'customs',
    body: (w) => sampleDeclaration(w.params.licenceNo, `AA/16/${process.pid % 1000}/${String(++declarations).padStart(5, '0')}`, w.owner.businessId),
    freeText: ['consigneeName'],
  },
  'POST /customs/releases': {
    caller: 'customs',
    body: (w) => ({ declarationNo: w.params.declarationNo, licenceNo: w.params.licenceNo, releasedAt: '2027-01-04T10:00:00+08:00', items: [{ itemNo: 1, quantity: '40' }] }),
  },
  'POST /licences/:licenceNo/cancel': { caller: 'owner', body: () => ({ reason: 'The buyer reduced its order' }), freeText: ['reason'] },
};
