import type { CellValue } from './parse-in-worker';

/**
 * A cell's value as the text the goods-line checks read (they take decimals as text, never as
 * floats): text as it is; a number as a spreadsheet shows it typed, in plain digits (15
 * significant digits, so `100.55` and not the binary `100.55000000000000426`, and `0.00000015`
 * rather than `1.5e-7`); TRUE or FALSE; nothing for an empty cell.
 */
export function cellText(value: CellValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return numberText(value);
}

export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const [mantissa, exponent = '0'] = Math.abs(value).toPrecision(15).split('e');
  const digits = mantissa.replace('.', '');
  const pointAt = (mantissa.includes('.') ? mantissa.indexOf('.') : mantissa.length) + Number(exponent);
  let text =
    pointAt <= 0
      ? `0.${'0'.repeat(-pointAt)}${digits}`
      : pointAt >= digits.length
        ? digits + '0'.repeat(pointAt - digits.length)
        : `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  text = text.replace(/^0+(?=\d)/, '');
  return value < 0 && text !== '0' ? `-${text}` : text;
}
