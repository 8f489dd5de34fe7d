import { accepted, issue, readText, refused, type Checked } from './field-issue';

/**
 * The local part may hold letters of any script (RFC 6531), never a control or format character
 * (a SUB or a bidi override that the SMTP server refuses or a reader sees reordered); the domain is ASCII.
 */
const EMAIL = /^[^\s@"(),:;<>[\]\\\p{Cc}\p{Cf}\p{Cs}]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/u;

/** R-FORM-1: the applicant company email must be a valid address; status changes are mailed to it (R-NOTE-1). */
export function checkCompanyEmail(input: unknown, field = 'companyEmail'): Checked<string> {
  const email = readText(input);
  if (!email || email.length > 254 || !EMAIL.test(email)) {
    return refused(issue(field, 'R-FORM-1', `${field} must be a valid email address: status changes are emailed to it (R-NOTE-1)`));
  }
  return accepted(email);
}
