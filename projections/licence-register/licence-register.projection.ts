import { closeOutOwedBy, evolveLicence, initialLicenceState, licenceCodec, type Comparison, type IssuedLicence, type LicenceEvent } from '@shtc/domain';
import type { Document, Projection, ProjectionHandler } from '@shtc/read-store';

export const LICENCE_REGISTER_PROJECTION = 'licence-register';
/** One document per licence: the licence as its stream folds it (the licence decider's own evolve). */
export const LICENCES = 'licences';
/** One document per declaration compared with a licence: what a declaration number is looked up by (R-CUS-1). */
export const LICENCE_DECLARATIONS = 'licence_declarations';

/**
 * A licence as the register keeps it: the decider's state (status, validity, holder and agent,
 * goods with shipped and balance, releases, comparisons), with the revision last folded.
 * `holderId`, `agentId`, `status`, `issuedAt` and `validUntil` are top-level scalars: the
 * holder's list and the expiry scheduler find licences by them. `closeOutOwedBy` is the close-out
 * deadline of an exhibition licence whose goods went abroad and have not been closed out, else
 * null (R-EXEMPT-4): a scalar, so that the overdue close-outs of some exporters are one query
 * (`holderId` in …, `closeOutOwedBy` before today).
 */
export type LicenceDocument = IssuedLicence & Document & { revision: number; closeOutOwedBy: string | null };

/**
 * The last comparison of a declaration with one licence, with the licence's holder and agent,
 * so that a holder's lookup filters on them. A declaration number quoting two licences has a
 * document for each; the newest is "the" comparison.
 */
export interface DeclarationDocument extends Document {
  declarationNo: string;
  licenceNo: string;
  holderId: string;
  agentId: string | null;
  comparedAt: string;
  comparison: Comparison;
}

/** The licence state of a register document (without its bookkeeping). */
export function licenceOf(document: LicenceDocument): IssuedLicence {
  const { id: _id, revision: _revision, closeOutOwedBy: _owedBy, ...licence } = document;
  return licence as IssuedLicence;
}

/**
 * The licence register (issue 9 item 5): every licence folded from its stream by the licence
 * decider's `evolveLicence`, so the register says what the decider would; and an index of the
 * declarations compared. An event at or below the revision a document has folded is a replay and
 * changes nothing.
 */
export const licenceRegisterProjection: Projection = {
  name: LICENCE_REGISTER_PROJECTION,
  // 2: closeOutBy, closedOut and closeOutOwedBy (R-EXEMPT-4).
  version: 2,
  collections: [
    {
      name: LICENCES,
      indexes: [
        { fields: [['holderId', 'asc'], ['issuedAt', 'desc'], ['id', 'desc']] },
        { fields: [['agentId', 'asc'], ['issuedAt', 'desc'], ['id', 'desc']] },
        { fields: [['issuedAt', 'desc'], ['id', 'desc']] },
        { fields: [['status', 'asc'], ['validUntil', 'asc'], ['id', 'asc']] },
        // Overdue close-outs: of the exporters of a page of cases, and of every exporter.
        { fields: [['holderId', 'asc'], ['closeOutOwedBy', 'asc'], ['id', 'asc']] },
        { fields: [['closeOutOwedBy', 'asc'], ['id', 'asc']] },
      ],
    },
    { name: LICENCE_DECLARATIONS, indexes: [{ fields: [['declarationNo', 'asc'], ['comparedAt', 'desc'], ['id', 'desc']] }] },
  ],
  handlers: Object.fromEntries(licenceCodec.types.map((type) => [type, fold])),
};

async function fold(recorded: Parameters<ProjectionHandler>[0], context: Parameters<ProjectionHandler>[1]): Promise<void> {
  if (!licenceCodec.owns(recorded.stream)) return;
  const event = licenceCodec.decode(recorded) as LicenceEvent | null;
  if (!event) return;
  const licenceNo = licenceCodec.idOf(recorded.stream);
  const current = await context.get<LicenceDocument>(LICENCES, licenceNo);
  if (current && recorded.revision <= current.revision) return;
  const next = evolveLicence(current ? licenceOf(current) : initialLicenceState, event);
  if (next.status === 'NONE') return;
  context.put(LICENCES, { ...next, id: licenceNo, revision: recorded.revision, closeOutOwedBy: closeOutOwedBy(next) } satisfies LicenceDocument);
  if (event.type === 'DeclarationCompared') {
    const { declarationNo, comparedAt } = event.data;
    context.put(LICENCE_DECLARATIONS, {
      id: `${declarationNo}|${licenceNo}`,
      declarationNo,
      licenceNo,
      holderId: next.holderId,
      agentId: next.agentId,
      comparedAt,
      comparison: event.data,
    } satisfies DeclarationDocument);
  }
}
