import type { CaseKind, Route } from '@shtc/domain';

/**
 * What a figure is counted under: the route, kind, destination and export control categories of
 * the case it is about (for a licence, of the case that issued it), as they stood when the event
 * happened. `UNKNOWN` only for a licence whose issuing case the log does not hold.
 */
export interface Dimensions {
  route: Route | 'UNKNOWN';
  kind: CaseKind | 'UNKNOWN';
  /** ISO 3166-1 alpha-2. */
  destination: string;
  /** The export control categories of the goods ({@link exportControlCategory}), sorted, each once. */
  categories: string[];
}

/** How the figures of a range are broken down (`?by=`). */
export const GROUPINGS = ['month', 'route', 'kind', 'destination', 'category', 'regime'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/**
 * The export control category of an export control number (R-ITEM-5): its first digit, the
 * control list's category (`5A002.a` → `5`, telecommunications and information security), or
 * `ML` for a military list entry.
 */
export function exportControlCategory(exportControlNumber: string): string {
  if (/^[0-9]/.test(exportControlNumber)) return exportControlNumber[0];
  if (exportControlNumber.startsWith('ML')) return 'ML';
  return 'OTHER';
}

export function categoriesOf(items: ReadonlyArray<{ eccn: string }>): string[] {
  return [...new Set(items.map((item) => exportControlCategory(item.eccn)))].sort(compareCategories);
}

/** The regimes of regimes.json as the statistics name them (R-LIC-1 a), in that file's order; NONE for a destination in none. */
export const REGIME_CODES: Readonly<Record<string, string>> = { wassenaar: 'WASSENAAR', mtcr: 'MTCR', nsg: 'NSG', australiaGroup: 'AUSTRALIA_GROUP' };
export const NO_REGIME = 'NONE';

/** Reference data the breakdown by regime reads: the regimes a country belongs to (libs/reference-data `regimesOf`). */
export type RegimesOf = (country: string) => readonly string[];

/**
 * The groups a figure counted under `dimensions` on `period` (a day or a month) falls in. A case
 * whose goods are in two categories counts in both, and a destination in several regimes in each:
 * those groups overlap, and their sum may exceed the total.
 */
export function groupKeysOf(by: Grouping, dimensions: Dimensions, period: string, regimesOf: RegimesOf): readonly string[] {
  switch (by) {
    case 'month':
      return [period.slice(0, 7)];
    case 'route':
      return [dimensions.route];
    case 'kind':
      return [dimensions.kind];
    case 'destination':
      return [dimensions.destination];
    case 'category':
      return dimensions.categories;
    case 'regime': {
      const regimes = regimesOf(dimensions.destination).map((regime) => REGIME_CODES[regime] ?? regime);
      return regimes.length > 0 ? regimes : [NO_REGIME];
    }
  }
}

/** The order groups are listed in: months and codes as they sort, categories by number, regimes as regimes.json lists them. */
export function compareGroupKeys(by: Grouping): (a: string, b: string) => number {
  if (by === 'category') return compareCategories;
  if (by === 'regime') {
    const order = [...Object.values(REGIME_CODES), NO_REGIME];
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
    return (a, b) => rank(a) - rank(b) || compareText(a, b);
  }
  return compareText;
}

function compareCategories(a: string, b: string): number {
  const digit = (key: string) => (/^[0-9]$/.test(key) ? Number(key) : 10);
  return digit(a) - digit(b) || compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
