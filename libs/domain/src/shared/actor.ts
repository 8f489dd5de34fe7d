/**
 * Who acted: the account, its role and business id. Every command carries one (`by`), and every
 * event that records a person's act carries it in its data, because `evolve` sees only data and
 * rules such as four-eyes approval (R-REV-3) compare who did what. The event envelope's
 * `metadata.actor` has the same shape.
 */
export interface Actor {
  accountId: string;
  role: string;
  businessId: string;
}
