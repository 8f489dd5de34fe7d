import { accepted, checkCompanyEmail, checkConsignee, checkGoodsItems, checkParty, issue, issueCollector, readText, refused, type Checked } from '../values';
import { IRAN_NK_DESTINATIONS, type AssuranceContent } from './assurance';


/** The Iran/North Korea assurance body checked as an application's parties and goods are (R-FORM, R-ITEM). */
export function checkAssuranceContent(body: Record<string, unknown>): Checked<AssuranceContent> {
  const { issues, warnings, take } = issueCollector();
  const destination = readText(body.destination)?.toUpperCase();
  if (!destination || !(IRAN_NK_DESTINATIONS as readonly string[]).includes(destination)) {
    issues.push(issue('destination', 'R-IRNK-1', 'An Iran/North Korea assurance is for destination IR or KP; other destinations file a standard case'));
  }
  const email = take(checkCompanyEmail(body.companyEmail));
  const buyer = take(checkParty(body.buyer, 'buyer', 'buyer'));
  const consignee = take(checkConsignee(body.consignee, 'consignee'));
  const endUser = take(checkParty(body.endUser, 'endUser', 'endUser'));
  const items = take(checkGoodsItems(body.items, 'items'));
  if (issues.length > 0) return refused(issues, warnings);
  return accepted(
    { destination: destination as AssuranceContent['destination'], buyer: buyer!, consignee: consignee!, endUser: endUser!, items: items!, companyEmail: email! },
    warnings,
  );
}
