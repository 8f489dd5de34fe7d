/** Who filed or acted, as recorded in events (the envelope's actor has the same shape). */
export interface Actor {
  accountId: string;
  role: string;
  businessId: string;
}
