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
 * The dimensions the projection keeps cells by: one cell per period and value of each. Route,
 * kind and destination partition the cases (each case has one), so the cells of any of them add
 * up to the total; a case with goods in several categories is in the cell of each.
 */
export const CELL_DIMENSIONS = ['route', 'kind', 'destination', 'category'] as const;
export type CellDimension = (typeof CELL_DIMENSIONS)[number];

/** The values of a dimension that a figure counted under `dimensions` is in. */
export function cellValues(dimension: CellDimension, dimensions: Dimensions): readonly string[] {
  return dimension === 'category' ? dimensions.categories : [dimensions[dimension]];
}

/** The cells a breakdown reads for its groups: a month's are any partition's (route has the fewest values), a regime's a destination's. */
export function dimensionOf(by: Grouping): CellDimension {
  switch (by) {
    case 'month':
    case 'route':
      return 'route';
    case 'regime':
      return 'destination';
    default:
      return by;
  }
}

/**
 * What a figure is added up by before it is grouped: its month for a breakdown by month, else its
 * value of `dimensionOf(by)` (a destination, for a breakdown by regime).
 */
export function partOf(by: Grouping, period: string, value: string): string {
  return by === 'month' ? period.slice(0, 7) : value;
}

/** The groups a part counts in: itself, or the regimes its destination belongs to (NONE for none). */
export function groupKeysOfPart(by: Grouping, part: string, regimesOf: RegimesOf): readonly string[] {
  if (by !== 'regime') return [part];
  const regimes = regimesOf(part).map((regime) => REGIME_CODES[regime] ?? regime);
  return regimes.length > 0 ? regimes : [NO_REGIME];
}

/**
 * The groups a figure counted under `dimensions` on `period` falls in. A case whose goods are in
 * two categories counts in both, and a destination in several regimes in each: those groups
 * overlap, and their sum may exceed the total.
 */
export function groupKeysOf(by: Grouping, dimensions: Dimensions, period: string, regimesOf: RegimesOf): readonly string[] {
  return cellValues(dimensionOf(by), dimensions).flatMap((value) => groupKeysOfPart(by, partOf(by, period, value), regimesOf));
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
