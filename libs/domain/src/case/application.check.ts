import {
  accepted,
  checkCompanyEmail,
  checkConsignee,
  checkCountryCode,
  checkEnglishText,
  checkGoodsItems,
  checkParty,
  checkPortCode,
  collect,
  issue,
  issueCollector,
  readText,
  refused,
  type Checked,
  type FieldIssue,
} from '../values';
import { CASE_KINDS, ROUTES, type Application, type CaseKind, type Exemption, type ReExport, type Route } from './application';

/** The rule block of each kind that starts from something, and the field that quotes it. */
const KIND_START: Record<Exclude<CaseKind, 'NEW'>, { rule: string; field: string }> = {
  AMENDMENT: { rule: 'R-AMEND-1', field: 'originalCaseNo' },
  CORRECTION: { rule: 'R-CORR-1', field: 'licenceNo' },
  MISMATCH_CORRECTION: { rule: 'R-MISM-1', field: 'licenceNo' },
  BALANCE_REISSUE: { rule: 'R-BAL-1', field: 'cancelledLicenceNo' },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const END_USE_MAX = 2000;

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The application body (api.md) checked field by field against R-FORM, R-ITEM, R-EXEMPT and
 * R-IRNK, normalised into an Application. Every issue is reported at once, with warnings (a
 * CCC check digit) beside them. A kind other than NEW inherits its route from what it starts
 * from (`inheritedRoute`, as the handler read it), and quotes that by its number.
 */
export function checkApplication(body: Raw, applicantId: string, inheritedRoute: Route | null = null): Checked<Application> {
  const { issues, warnings, take } = issueCollector();

  const kind = body.kind as CaseKind;
  if (typeof kind !== 'string' || !(CASE_KINDS as readonly string[]).includes(kind)) {
    return refused(issue('kind', 'R-FORM-1', `kind must be one of ${CASE_KINDS.join(', ')}`));
  }
  if (kind !== 'NEW') {
    const start = KIND_START[kind];
    if (!readText(body[start.field])) return refused(issue(start.field, start.rule, `A ${kind} case quotes what it starts from: ${start.field} is required`));
  }
  const route = (body.route ?? (kind === 'NEW' ? undefined : inheritedRoute ?? undefined)) as Route | undefined;
  if (!route || !(ROUTES as readonly string[]).includes(route)) {
    return refused(issue('route', 'R-FORM-1', `route is required for a NEW application: ${ROUTES.join(', ')}`));
  }

  const email = take(checkCompanyEmail(body.companyEmail));
  const destination = take(checkCountryCode(body.destination, 'destination'));
  const transshipmentPort =
    body.transshipmentPort === undefined || body.transshipmentPort === null || body.transshipmentPort === ''
      ? null
      : take(checkPortCode(body.transshipmentPort, 'transshipmentPort'));
  if (typeof body.partialShipments !== 'boolean') {
    issues.push(issue('partialShipments', 'R-FORM-5', 'Choose partial (true) or single (false) shipment'));
  }
  const buyer = take(checkParty(body.buyer, 'buyer', 'buyer'));
  const consignee = take(checkConsignee(body.consignee, 'consignee'));
  const endUser = take(checkParty(body.endUser, 'endUser', 'endUser'));
  const reExport = checkReExport(body.reExport, take);
  const exemption = route === 'EXEMPT' ? checkExemption(body.exemption, take, issues) : null;
  if (route !== 'EXEMPT' && body.exemption !== undefined && body.exemption !== null) {
    issues.push(issue('exemption', 'R-EXEMPT-1', 'An exemption belongs to the EXEMPT route only'));
  }
  const assuranceNo = readText(body.assuranceNo) ?? null;
  if (route === 'IRAN_NK' && !assuranceNo) {
    issues.push(issue('assuranceNo', 'R-IRNK-3', 'An Iran/North Korea application is filed from its assurance number'));
  }
  const items = take(checkGoodsItems(body.items, 'items'));

  if (issues.length > 0) return refused(issues, warnings);
  return accepted(
    {
      kind,
      route,
      applicantId,
      companyEmail: email!,
      destination: destination!,
      transshipmentPort: transshipmentPort ?? null,
      partialShipments: body.partialShipments as boolean,
      buyer: buyer!,
      consignee: consignee!,
      endUser: endUser!,
      reExport: reExport ?? null,
      exemption,
      assuranceNo: route === 'IRAN_NK' ? assuranceNo : null,
      items: items!,
    },
    warnings,
  );
}

function checkReExport(input: unknown, take: <T>(check: Checked<T>) => T | undefined): ReExport | null | undefined {
  if (input === undefined || input === null) return null;
  if (!isRecord(input)) return take(refused(issue('reExport', 'R-NEW-4', 'reExport must be { originCountry, returnsToOrigin }')));
  const originCountry = take(checkCountryCode(input.originCountry, 'reExport.originCountry', 'R-NEW-4'));
  if (typeof input.returnsToOrigin !== 'boolean') {
    take(refused(issue('reExport.returnsToOrigin', 'R-NEW-4', 'Say whether the goods return to the original exporting country (true or false)')));
    return undefined;
  }
  return originCountry ? { originCountry, returnsToOrigin: input.returnsToOrigin } : undefined;
}

function checkExemption(input: unknown, take: <T>(check: Checked<T>) => T | undefined, issues: FieldIssue[]): Exemption | null {
  if (!isRecord(input)) {
    issues.push(issue('exemption', 'R-EXEMPT-1', 'Pick the reason the case needs no assurance: EXHIBITION or SPECIAL_APPROVAL'));
    return null;
  }
  const reason = input.reason;
  if (reason !== 'EXHIBITION' && reason !== 'SPECIAL_APPROVAL') {
    issues.push(issue('exemption.reason', 'R-EXEMPT-1', 'reason must be EXHIBITION or SPECIAL_APPROVAL'));
  }
  const endUse = take(
    checkEnglishText(input.endUse, 'exemption.endUse', { rule: 'R-EXEMPT-2', label: 'End use', maxLength: END_USE_MAX }),
  );
  const returnBy = readText(input.returnBy) ?? null;
  if (reason === 'EXHIBITION' && (!returnBy || !DATE.test(returnBy) || Number.isNaN(Date.parse(returnBy)))) {
    issues.push(issue('exemption.returnBy', 'R-EXEMPT-4', 'Exhibition goods come back by a date: returnBy as YYYY-MM-DD'));
  }
  if (!endUse || (reason !== 'EXHIBITION' && reason !== 'SPECIAL_APPROVAL')) return null;
  return { reason, endUse, returnBy };
}

/** R-NEW-3: the specific end use, in English. */
export function checkEndUse(input: unknown, field = 'endUse'): Checked<string> {
  return checkEnglishText(input, field, { rule: 'R-NEW-3', label: 'End use', maxLength: END_USE_MAX });
}

