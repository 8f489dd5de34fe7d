import { Decimal, parseAmount, parseQuantity } from '../values/decimal';
import { issue, type Checked, type FieldIssue } from '../values/field-issue';
import { characterCount, controlCharacters } from '../values/free-text';
import type { CompareDeclaration, RecordRelease } from './licence.commands';

/**
 * What customs sends, normalised: strings trimmed, codes (destination, unit, currency)
 * upper-cased, decimals canonical (`100.50` → `100.5`), items in item-number order. The same
 * declaration or release sent again normalises to the same content; that is how a retry is
 * recognised (customs is a machine that retries).
 */
export interface DeclarationContent {
  exporterId: string;
  destination: string;
  consigneeName: string;
  items: Array<{ itemNo: number; cccCode: string; quantity: string; unit: string; amount: string; currency: string }>;
}

export interface ReleaseContent {
  /** The instant of release, as UTC ISO 8601 (`2027-01-05T02:00:00.000Z`). */
  releasedAt: string;
  items: Array<{ itemNo: number; quantity: string }>;
}

/** One field where the declaration differs from the licence; `itemNo` null for the header's fields. */
export interface DeclarationDifference {
  itemNo: number | null;
  field: string;
  licence: string | null;
  declaration: string | null;
}

type Normalised<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * Numbers and codes as customs' systems write them (`AA/15/123/45678`, `22099131`, `DE`, `PCE`):
 * printable ASCII without spaces, and short. Anything else (a control character, a full-width
 * letter, a megabyte) is no declaration of ours and is refused, not recorded in the licence's stream.
 */
const CODE = /^[\x21-\x7e]+$/;
const MAX_CODE_LENGTH = 40;
/** The consignee's name as declared, in any script; as long as a party's address may be. */
const MAX_NAME_LENGTH = 300;

/** Why a trimmed, non-empty customs field cannot be taken, or null. */
function customsTextProblem(text: string, label: string, kind: 'code' | 'name'): string | null {
  if (kind === 'code') {
    if (!CODE.test(text)) return `${label} must be letters, digits and punctuation, without spaces`;
    return text.length > MAX_CODE_LENGTH ? `${label} may have at most ${MAX_CODE_LENGTH} characters` : null;
  }
  const controls = controlCharacters(text);
  if (controls.length > 0) return `${label} contains control characters (${controls.join(', ')})`;
  return characterCount(text) > MAX_NAME_LENGTH ? `${label} may have at most ${MAX_NAME_LENGTH} characters` : null;
}

/** A required customs field, trimmed; its issue (by `rule`) pushed when it is missing or malformed. */
function customsText(value: unknown, field: string, label: string, kind: 'code' | 'name', rule: string, issues: FieldIssue[]): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  const problem = trimmed ? customsTextProblem(trimmed, label, kind) : `${label} is required`;
  if (problem) issues.push(issue(field, rule, problem));
  return trimmed;
}

/** R-CUS-1: the declaration's fields, each required; quantity and amount as R-ITEM-3 and R-ITEM-6 read them. */
export function normaliseDeclaration(command: CompareDeclaration): Normalised<{ declarationNo: string; content: DeclarationContent }> {
  const issues: FieldIssue[] = [];
  const text = (value: unknown, field: string, label: string, kind: 'code' | 'name' = 'code'): string => customsText(value, field, label, kind, 'R-CUS-1', issues);
  const declarationNo = text(command.declarationNo, 'declarationNo', 'The declaration number');
  const exporterId = text(command.exporterId, 'exporterId', 'The exporter');
  const destination = text(command.destination, 'destination', 'The destination').toUpperCase();
  const consigneeName = text(command.consigneeName, 'consigneeName', 'The consignee name', 'name');
  const items = itemsOf(command.items, issues, (item, field) => {
    const decimal = (checked: Checked<Decimal>): string => {
      if (checked.ok) return checked.value.toString();
      issues.push(...checked.issues);
      return '';
    };
    // In the fields' order, so that the issues are listed as a reader meets them.
    const cccCode = text(item.cccCode, `${field}.cccCode`, 'The CCC code');
    const quantity = decimal(parseQuantity(item.quantity, `${field}.quantity`));
    const unit = text(item.unit, `${field}.unit`, 'The unit').toUpperCase();
    const amount = decimal(parseAmount(item.amount, `${field}.amount`));
    const currency = text(item.currency, `${field}.currency`, 'The currency').toUpperCase();
    return { itemNo: item.itemNo, cccCode, quantity, unit, amount, currency };
  }, 'R-CUS-1');
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { declarationNo, content: { exporterId, destination, consigneeName, items } } };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** R-CUS-2: the release's number, instant and items, each required; quantities as R-ITEM-3 reads them. */
export function normaliseRelease(command: RecordRelease): Normalised<{ declarationNo: string; content: ReleaseContent }> {
  const issues: FieldIssue[] = [];
  const declarationNo = customsText(command.declarationNo, 'declarationNo', 'The declaration number', 'code', 'R-CUS-2', issues);
  const instant = typeof command.releasedAt === 'string' && INSTANT.test(command.releasedAt) ? Date.parse(command.releasedAt) : NaN;
  if (Number.isNaN(instant)) issues.push(issue('releasedAt', 'R-CUS-2', 'The release time must be an ISO 8601 instant with its offset, e.g. 2027-01-05T10:00:00+08:00'));
  const items = itemsOf(command.items, issues, (item, field) => {
    const quantity = parseQuantity(item.quantity, `${field}.quantity`);
    if (!quantity.ok) issues.push(...quantity.issues);
    return { itemNo: item.itemNo, quantity: quantity.ok ? quantity.value.toString() : '' };
  }, 'R-CUS-2');
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { declarationNo, content: { releasedAt: new Date(instant).toISOString(), items } } };
}

/** At least one item, item numbers whole, positive and each once; sorted by item number. */
function itemsOf<I extends { itemNo: number }, O extends { itemNo: number }>(
  input: readonly I[],
  issues: FieldIssue[],
  normalise: (item: I, field: string) => O,
  rule: string,
): O[] {
  if (!Array.isArray(input) || input.length === 0) {
    issues.push(issue('items', rule, 'At least one item is required'));
    return [];
  }
  const seen = new Set<number>();
  const items = input.map((item, i) => {
    const field = `items[${i}]`;
    if (!Number.isSafeInteger(item?.itemNo) || item.itemNo < 1) issues.push(issue(`${field}.itemNo`, rule, 'The item number must be a whole number from 1'));
    else if (seen.has(item.itemNo)) issues.push(issue(`${field}.itemNo`, rule, `Item ${item.itemNo} is given more than once`));
    seen.add(item?.itemNo);
    return normalise(item ?? ({} as I), field);
  });
  return items.sort((a, b) => a.itemNo - b.itemNo);
}

/** Equal content: compared as canonical JSON (keys sorted), so key order never matters. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `a × b / c` in decimals, rounded down to 4 decimals (the pro-rata amount of a balance). */
export function proRata(amount: Decimal, part: Decimal, whole: Decimal): Decimal {
  return Decimal.fromUnits((amount.units * part.units) / whole.units);
}
