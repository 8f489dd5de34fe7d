import { createHash } from 'node:crypto';
import type { Decision } from '../shared/decider';
import { refuse, refuseAll } from '../shared/refusal';
import { Decimal } from '../values/decimal';
import { normaliseSpaces } from '../values/free-text';
import { normaliseDeclaration, proRata, sameContent, type DeclarationContent, type DeclarationDifference } from './customs';
import type { CompareDeclaration } from './licence.commands';
import type { LicenceEvent } from './licence.events';
import { isPastValidity } from './licence-status';
import { comparisonOf, type IssuedLicence } from './licence.state';
import { refusedByLicenceStatus } from './transitions';

/**
 * R-CUS-1: customs' declaration compared with the licence: MATCH, or MISMATCH with every
 * differing field and a co-processing code. Customs retries: the same declaration number with
 * the same content records nothing (the caller answers the recorded comparison); other content
 * under that number is refused. A declaration on an ended licence is still answered and
 * recorded, as a MISMATCH whose `status` difference says why.
 */
export function decideCompareDeclaration(command: CompareDeclaration, state: IssuedLicence): Decision<LicenceEvent> {
  const normalised = normaliseDeclaration(command);
  if (!normalised.ok) return refuseAll(normalised.issues);
  const { declarationNo, content } = normalised.value;
  const recorded = comparisonOf(state, declarationNo);
  if (recorded) {
    return sameContent(recorded.declaration, content)
      ? []
      : refuse('R-CUS-1', `Declaration ${declarationNo} was compared already, with other content: a declaration number is compared once`, 'CONFLICT', 'declarationNo');
  }
  const closed = refusedByLicenceStatus('CompareDeclaration', state, command.by, command.at);
  if (closed) return closed;
  const differences = compareWithLicence(state, content, command.at);
  const result = differences.length === 0 ? 'MATCH' : 'MISMATCH';
  return [
    {
      type: 'DeclarationCompared',
      data: {
        declarationNo,
        declaration: content,
        result,
        differences,
        coProcessingCode: result === 'MISMATCH' ? coProcessingCode(state.licenceNo, declarationNo) : null,
        correctionCaseNo: null,
        comparedAt: command.at,
        by: command.by,
      },
    },
  ];
}

/**
 * The differences, header first (exporter, destination, consignee, the licence's status and
 * shipments), then item by item. Quantity may not exceed the item's balance; amount may not
 * exceed the balance's pro-rata share of the licensed amount (amount × balance / quantity), so
 * the licence's unit price bounds what is left to declare.
 */
export function compareWithLicence(licence: IssuedLicence, declaration: DeclarationContent, at: string): DeclarationDifference[] {
  const differences: DeclarationDifference[] = [];
  const header = (field: string, onLicence: string | null, declared: string | null) => differences.push({ itemNo: null, field, licence: onLicence, declaration: declared });
  if (declaration.exporterId !== licence.holderId) header('exporterId', licence.holderId, declaration.exporterId);
  if (declaration.destination !== licence.destination.toUpperCase()) header('destination', licence.destination, declaration.destination);
  const consigneeName = 'sameAsBuyer' in licence.consignee ? licence.buyer.name : licence.consignee.name;
  if (comparableName(declaration.consigneeName) !== comparableName(consigneeName)) header('consigneeName', consigneeName, declaration.consigneeName);
  const status = licence.status === 'VALID' && isPastValidity(licence.validUntil, at) ? 'EXPIRED' : licence.status;
  if (status !== 'VALID') header('status', status, null);
  else if (!licence.partialShipments && licence.releases.length > 0) header('partialShipments', 'false', 'true'); // R-LIC-3: a second shipment

  for (const declared of declaration.items) {
    const item = licence.items.find((line) => line.itemNo === declared.itemNo);
    const differs = (field: string, onLicence: string | null, value: string | null) => differences.push({ itemNo: declared.itemNo, field, licence: onLicence, declaration: value });
    if (!item) {
      differs('itemNo', null, String(declared.itemNo));
      continue;
    }
    if (declared.cccCode !== item.cccCode) differs('cccCode', item.cccCode, declared.cccCode);
    if (declared.unit !== item.unit.toUpperCase()) differs('unit', item.unit, declared.unit);
    if (declared.currency !== item.currency.toUpperCase()) differs('currency', item.currency, declared.currency);
    const quantity = Decimal.fromStored(item.quantity);
    const balance = Decimal.fromStored(item.balance);
    if (Decimal.fromStored(declared.quantity).compare(balance) > 0) differs('quantity', item.balance, declared.quantity);
    // declared amount ≤ amount × balance / quantity, compared exactly: declared × quantity ≤ amount × balance.
    const amount = Decimal.fromStored(item.amount);
    if (Decimal.fromStored(declared.amount).units * quantity.units > amount.units * balance.units) {
      differs('amount', proRata(amount, balance, quantity).toString(), declared.amount);
    }
  }
  return differences;
}

/** Names compared as a reader would: case, white space and full-width forms ignored. */
function comparableName(name: string): string {
  return normaliseSpaces(name.normalize('NFKC')).toLowerCase();
}

/**
 * The co-processing code (會辦識別碼) of a mismatch: `M` and 10 hex digits of the SHA-256 of
 * the licence and declaration numbers. The same licence and declaration always give the same
 * code, so a retried comparison answers the code customs was given first.
 */
export function coProcessingCode(licenceNo: string, declarationNo: string): string {
  return `M${createHash('sha256').update(`${licenceNo}\n${declarationNo}`).digest('hex').slice(0, 10).toUpperCase()}`;
}
