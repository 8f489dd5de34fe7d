/**
 * Taiwanese unified business numbers (統一編號) that pass the check registration is about to
 * enforce: weights 1,2,1,2,1,2,4,1; the digits of each product are added; the total must be
 * divisible by 5 (which includes the older "by 10"). Where the 7th digit is 7 its product 28
 * (2 + 8 = 10) may count as 1 or as 0.
 */
const WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1];

export function isValidBusinessNumber(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  let total = 0;
  for (let i = 0; i < 8; i++) {
    const product = Number(value[i]) * WEIGHTS[i];
    total += Math.floor(product / 10) + (product % 10);
  }
  // 28 was counted as 2 + 8 = 10; the rule also reads it as 1 (1 + 0) or 0.
  if (value[6] === '7') return (total - 9) % 5 === 0 || (total - 10) % 5 === 0;
  return total % 5 === 0;
}

/** A valid number built from a 7-digit prefix: the last digit (weight 1) reaches any remainder. */
export function businessNumberFrom(prefix: number): string {
  const head = String(prefix).padStart(7, '0');
  if (head.length !== 7) throw new RangeError(`prefix ${prefix} has more than 7 digits`);
  for (let last = 0; last <= 9; last++) {
    const candidate = `${head}${last}`;
    if (isValidBusinessNumber(candidate)) return candidate;
  }
  throw new Error(`no check digit for ${head}`); // unreachable: the last digit covers every remainder mod 5
}

/** Published examples, so a broken check fails the bench at once rather than registration later. */
export function selfCheck(): void {
  const valid = ['04595257', '12345675', '10458575'];
  const invalid = ['12345678', '04595258'];
  for (const n of valid) if (!isValidBusinessNumber(n)) throw new Error(`business-number check rejects valid ${n}`);
  for (const n of invalid) if (isValidBusinessNumber(n)) throw new Error(`business-number check accepts invalid ${n}`);
}
