import { accepted, issue, readText, refused, type Checked } from './field-issue';

/** Decimals kept: quantities and amounts are fixed-point integers of 1/10 000 (architecture.md item 8). */
export const DECIMAL_PLACES = 4;
const FACTOR = 10n ** BigInt(DECIMAL_PLACES);
const STORED = /^(-?)(\d+)(?:\.(\d{1,4}))?$/;

/**
 * An exact decimal with at most 4 decimals, held as a bigint count of 1/10 000. Never a float:
 * arithmetic is exact, and the value travels and is stored as its canonical string.
 *
 * Canonical string (`toString`, `toJSON`): no leading zeros, no trailing zeros after the point
 * and no point when there is no fraction; `-` for a negative value; zero is `0`.
 * `100.5500` → `100.55`, `600000.0` → `600000`, `0.50` → `0.5`.
 */
export class Decimal {
  static readonly ZERO = new Decimal(0n);

  private constructor(
    /** The value in 1/10 000: `Decimal.fromStored('1.5').units === 15000n`. */
    readonly units: bigint,
  ) {}

  static fromUnits(units: bigint): Decimal {
    return new Decimal(units);
  }

  /**
   * A decimal from its stored string (canonical or not, at most 4 decimals, optionally negative).
   * Stored data was checked when it was written, so a malformed one is a bug: it throws.
   */
  static fromStored(text: string): Decimal {
    const match = typeof text === 'string' ? STORED.exec(text) : null;
    if (!match) throw new RangeError(`Not a stored decimal: ${JSON.stringify(text)}`);
    const [, sign, whole, fraction = ''] = match;
    const units = BigInt(whole) * FACTOR + BigInt(fraction.padEnd(DECIMAL_PLACES, '0'));
    return new Decimal(sign === '-' ? -units : units);
  }

  static sum(values: Iterable<Decimal>): Decimal {
    let units = 0n;
    for (const value of values) units += value.units;
    return new Decimal(units);
  }

  add(other: Decimal): Decimal {
    return new Decimal(this.units + other.units);
  }

  subtract(other: Decimal): Decimal {
    return new Decimal(this.units - other.units);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  compare(other: Decimal): -1 | 0 | 1 {
    return this.units < other.units ? -1 : this.units > other.units ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.units === other.units;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isPositive(): boolean {
    return this.units > 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  toString(): string {
    const negative = this.units < 0n;
    const magnitude = negative ? -this.units : this.units;
    const whole = (magnitude / FACTOR).toString();
    const fraction = (magnitude % FACTOR).toString().padStart(DECIMAL_PLACES, '0').replace(/0+$/, '');
    return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** How a positive decimal input is read; the limits count digits as written. */
export interface DecimalFormat {
  rule: string;
  /** Names the value in messages: "Quantity", "Amount". */
  label: string;
  maxIntegerDigits: number;
  maxDecimals: number;
}

/** R-ITEM-3: at most 9 integer digits and 4 decimals. */
export const QUANTITY_FORMAT: DecimalFormat = { rule: 'R-ITEM-3', label: 'Quantity', maxIntegerDigits: 9, maxDecimals: 4 };

/**
 * R-ITEM-6 sets no limit for the amount; ours: at most 13 integer digits (below ten trillion,
 * more than any single licence line) and 4 decimals, whatever the currency's minor unit.
 */
export const AMOUNT_FORMAT: DecimalFormat = { rule: 'R-ITEM-6', label: 'Amount', maxIntegerDigits: 13, maxDecimals: 4 };

/**
 * Reads a positive decimal typed by an exporter. Accepted: digits, optionally a point and
 * decimals (`100.55`, `600000`, `0.5`, `007` which becomes `7`). Refused, each with its own
 * message: anything not a string (a JSON number may already have lost precision), blank,
 * thousands separators (`1,000`), exponents (`1e3`), signs (`-1`, `+1`), a point without a
 * digit before or after it (`.5`, `5.`: write `0.5`, `5`), too many digits, and zero.
 * Surrounding spaces are trimmed.
 */
export function parsePositiveDecimal(input: unknown, field: string, format: DecimalFormat): Checked<Decimal> {
  const { rule, label, maxIntegerDigits, maxDecimals } = format;
  const refuse = (message: string) => refused<Decimal>(issue(field, rule, message));
  const text = readText(input);
  if (text === null) return refuse(`${label} must be given as text, e.g. "100.55"`);
  if (text === undefined) return refuse(`${label} is required`);
  if (text.includes(',')) return refuse(`${label} must not contain thousands separators: write 1000, not 1,000`);
  if (/^[+-]?\d*\.?\d*[eE]/.test(text)) return refuse(`${label} must be written out in digits, not in exponent form such as 1e3`);
  if (text.startsWith('-')) return refuse(`${label} must be greater than zero`);
  if (text.startsWith('+')) return refuse(`${label} must be written without a sign`);
  if (/^\.\d+$/.test(text)) return refuse(`${label} needs a digit before the decimal point: write 0${text}, not ${text}`);
  if (/^\d+\.$/.test(text)) return refuse(`${label} must not end with a decimal point: write ${text.slice(0, -1)}`);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return refuse(`${label} must be a number such as 100.55: digits, with a point for decimals`);
  const [, whole, fraction = ''] = match;
  if (whole.length > maxIntegerDigits) return refuse(`${label} may have at most ${maxIntegerDigits} digits before the decimal point`);
  if (fraction.length > maxDecimals) return refuse(`${label} may have at most ${maxDecimals} decimals`);
  const value = Decimal.fromStored(`${whole}${fraction ? `.${fraction}` : ''}`);
  if (!value.isPositive()) return refuse(`${label} must be greater than zero`);
  return accepted(value);
}

/** R-ITEM-3 quantity: at most 9 integer digits and 4 decimals, greater than zero. */
export function parseQuantity(input: unknown, field: string): Checked<Decimal> {
  return parsePositiveDecimal(input, field, QUANTITY_FORMAT);
}

/** R-ITEM-6 amount: at most 13 integer digits and 4 decimals, greater than zero. */
export function parseAmount(input: unknown, field: string): Checked<Decimal> {
  return parsePositiveDecimal(input, field, AMOUNT_FORMAT);
}
