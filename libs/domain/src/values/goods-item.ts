import { checkCccCode } from './ccc-code';
import { checkCurrencyCode } from './currency';
import { parseAmount, parseQuantity } from './decimal';
import { checkExportControlNumber } from './export-control-number';
import { accepted, issue, readText, refused, type Checked, type FieldIssue } from './field-issue';
import { checkFreeText } from './free-text';

/** R-ITEM-2 sets the goods name's 390; the others are ours (the name "continues" in them, so they are generous). */
export const GOODS_TEXT_LIMITS = { goodsName: 390, brand: 120, model: 390, spec: 2000 } as const;
/** Our ceiling on goods lines per case (three-digit item numbers). */
export const MAX_GOODS_ITEMS = 999;

/** One goods line whose fields passed R-ITEM-1…6; decimals are canonical strings (the shape of the case's GoodsItem). */
export interface ValidGoodsItem {
  itemNo: number;
  goodsName: string;
  brand?: string;
  model?: string;
  spec?: string;
  cccCode: string;
  /** Export control number (R-ITEM-5), e.g. `5A002.a`. */
  eccn: string;
  quantity: string;
  unit: string;
  amount: string;
  currency: string;
}

/**
 * R-ITEM-6 unit: 1 to 3 upper-case letters or digits, the UN/ECE Recommendation 20 style of
 * customs forms (PCE, KGM, SET, UNT, MTR, C62). Lower case is accepted and upper-cased.
 */
export function checkUnit(input: unknown, field: string): Checked<string> {
  const text = readText(input);
  if (text === null) return refused(issue(field, 'R-ITEM-6', 'Unit must be given as a code such as PCE, KGM or SET'));
  if (text === undefined) return refused(issue(field, 'R-ITEM-6', 'Unit is required: a code such as PCE, KGM or SET'));
  const unit = text.toUpperCase();
  if (!/^[A-Z0-9]{1,3}$/.test(unit)) {
    return refused(issue(field, 'R-ITEM-6', `Unit must be a code of 1 to 3 letters or digits such as PCE, KGM or SET (found ${JSON.stringify(text)})`));
  }
  return accepted(unit);
}

/** R-ITEM-1 item number as given: a whole number (or its digits as text, from a spreadsheet). */
function readItemNo(input: unknown): number | undefined {
  if (typeof input === 'number' && Number.isSafeInteger(input)) return input;
  if (typeof input === 'string' && /^\s*\d{1,6}\s*$/.test(input)) return Number(input);
  return undefined;
}

function isRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * One goods line at `field` (`items[2]`), whose item number must be `expectedItemNo`
 * (R-ITEM-1). Every field is checked and every issue reported, each at its exact path
 * (`items[2].quantity`): a spreadsheet import lists every faulty cell (R-BULK-2).
 */
export function checkGoodsItem(input: unknown, field: string, expectedItemNo: number): Checked<ValidGoodsItem> {
  if (!isRecord(input)) return refused(issue(field, 'R-ITEM-1', `Goods item ${expectedItemNo} must be an object with its fields`));
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const take = <T>(checked: Checked<T>): T | undefined => {
    warnings.push(...checked.warnings);
    if (checked.ok) return checked.value;
    issues.push(...checked.issues);
    return undefined;
  };

  const itemNo = readItemNo(input.itemNo);
  if (itemNo === undefined) {
    issues.push(issue(`${field}.itemNo`, 'R-ITEM-1', `Item number is required: items are numbered 1, 2, 3 … (expected ${expectedItemNo})`));
  } else if (itemNo !== expectedItemNo) {
    issues.push(issue(`${field}.itemNo`, 'R-ITEM-1', `Items are numbered 1, 2, 3 … in order without gaps: expected ${expectedItemNo}, found ${itemNo}`));
  }
  const text = (key: 'goodsName' | 'brand' | 'model' | 'spec', label: string, required: boolean) => {
    const format = { rule: 'R-ITEM-2', label, maxLength: GOODS_TEXT_LIMITS[key] };
    return take(required ? checkFreeText(input[key], `${field}.${key}`, format) : checkFreeText(input[key], `${field}.${key}`, { ...format, required: false }));
  };
  const goodsName = text('goodsName', 'Goods name', true);
  const brand = text('brand', 'Brand', false);
  const model = text('model', 'Model or serial number', false);
  const spec = text('spec', 'Specification', false);
  const cccCode = take(checkCccCode(input.cccCode, `${field}.cccCode`));
  const eccn = take(checkExportControlNumber(input.eccn, `${field}.eccn`));
  const quantity = take(parseQuantity(input.quantity, `${field}.quantity`));
  const unit = take(checkUnit(input.unit, `${field}.unit`));
  const amount = take(parseAmount(input.amount, `${field}.amount`));
  const currency = take(checkCurrencyCode(input.currency, `${field}.currency`));

  if (issues.length > 0) return refused(issues, warnings);
  const item: ValidGoodsItem = {
    itemNo: itemNo!,
    goodsName: goodsName!,
    cccCode: cccCode!,
    eccn: eccn!,
    quantity: quantity!.toString(),
    unit: unit!,
    amount: amount!.toString(),
    currency: currency!,
  };
  if (brand !== undefined) item.brand = brand;
  if (model !== undefined) item.model = model;
  if (spec !== undefined) item.spec = spec;
  return accepted(item, warnings);
}

/**
 * The goods lines of a case at `field` (`items`): at least one and at most 999, numbered
 * 1, 2, 3 … in order without gaps (R-ITEM-1), each checked by {@link checkGoodsItem}.
 * Issues and warnings of every line are returned together.
 */
export function checkGoodsItems(input: unknown, field = 'items'): Checked<ValidGoodsItem[]> {
  if (!Array.isArray(input) || input.length === 0) {
    return refused(issue(field, 'R-ITEM-1', 'At least one goods item is required'));
  }
  if (input.length > MAX_GOODS_ITEMS) {
    return refused(issue(field, 'R-ITEM-1', `A case may have at most ${MAX_GOODS_ITEMS} goods items (found ${input.length})`));
  }
  const checks = input.map((item, index) => checkGoodsItem(item, `${field}[${index}]`, index + 1));
  const warnings = checks.flatMap((check) => check.warnings);
  const issues = checks.flatMap((check) => (check.ok ? [] : check.issues));
  if (issues.length > 0) return refused(issues, warnings);
  return accepted(
    checks.map((check) => (check as { value: ValidGoodsItem }).value),
    warnings,
  );
}
