import { createHash } from 'node:crypto';
import { controlCharacters } from '@shtc/domain';
import { CsvError, parseCsv } from './csv';
import { nameKey } from './normalise';

/** One listed party: its name, the other names it goes by, and where it is (ISO 3166 code, when given). */
export interface ListEntry {
  /** Stable across versions of the list: a digest of the list, the normalised name and the country. */
  entryId: string;
  name: string;
  aliases: string[];
  country: string | null;
  /** The source the row names (a consolidated list names the list each entry comes from). */
  source: string;
  listDate: string;
}

/** One load of a list: what screening compares names against, and what an auditor checks. */
export interface ScreeningListVersion {
  /** The list's name: its stream is `screening-list-<source>`. */
  source: string;
  /** The date of the list: the latest of its rows' dates. */
  listDate: string;
  /** sha256 of the file as loaded. */
  fileSha256: string;
  entries: ListEntry[];
}

/** The columns of the CSV (api.md), in any order; other columns are ignored. */
export const LIST_COLUMNS = ['name', 'aliases', 'country', 'source', 'listDate'] as const;
/** Aliases share one field, separated by semicolons: `Rhein Optik;RO GmbH`. */
export const ALIAS_SEPARATOR = ';';
/** A list's name becomes part of a stream name: letters, digits, `.`, `_` and `-`. */
export const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const MAX_REPORTED = 20;

export class ScreeningListError extends Error {
  constructor(readonly problems: string[]) {
    super(`The screening list was not loaded:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ScreeningListError';
  }
}

/** How a list version is named in a case's `PartiesScreened.lists`: `BIS-EL@2026-03-01#1a2b3c4d5e6f`. */
export function listLabel(version: Pick<ScreeningListVersion, 'source' | 'listDate' | 'fileSha256'>): string {
  return `${version.source}@${version.listDate}#${version.fileSha256.slice(0, 12)}`;
}

/**
 * Reads a list from its CSV (UTF-8, header `name,aliases,country,source,listDate`). Every faulty
 * line is reported with its number, and nothing is loaded from a faulty file. The list's name is
 * `source` when given, else the one source its rows name. Rows with the same normalised name and
 * country are one entry, their aliases merged.
 */
export function parseScreeningList(content: Buffer | string, options: { source?: string } = {}): ScreeningListVersion {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) throw new ScreeningListError(['the file is not UTF-8 text']);
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new ScreeningListError([error.message]);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new ScreeningListError(['the file is empty: it needs the header name,aliases,country,source,listDate']);
  const columns = header.fields.map((field) => field.trim().toLowerCase());
  const at = Object.fromEntries(LIST_COLUMNS.map((column) => [column, columns.indexOf(column.toLowerCase())])) as Record<(typeof LIST_COLUMNS)[number], number>;
  const missing = LIST_COLUMNS.filter((column) => at[column] < 0);
  if (missing.length > 0) throw new ScreeningListError([`line 1: the header lacks ${missing.join(', ')} (it needs ${LIST_COLUMNS.join(',')})`]);
  if (rows.length === 0) throw new ScreeningListError(['the file has a header and no rows']);
  if (options.source !== undefined && !SOURCE_NAME.test(options.source)) {
    throw new ScreeningListError([`--source ${JSON.stringify(options.source)} must be 1 to 64 letters, digits, '.', '_' or '-'`]);
  }

  const problems: string[] = [];
  const byKey = new Map<string, ListEntry>();
  const sources = new Map<string, number>();
  for (const row of rows) {
    const report = (problem: string) => problems.length < MAX_REPORTED && problems.push(`line ${row.line}: ${problem}`);
    if (row.fields.length !== columns.length) {
      report(`${row.fields.length} fields where the header has ${columns.length} (quote a field that holds a comma)`);
      continue;
    }
    const cell = (column: (typeof LIST_COLUMNS)[number]) => row.fields[at[column]].trim().replace(/\s+/g, ' ');
    const name = cell('name');
    const aliases = cell('aliases').split(ALIAS_SEPARATOR).map((alias) => alias.trim()).filter(Boolean);
    const country = cell('country').toUpperCase();
    const source = cell('source') || options.source || '';
    const listDate = cell('listDate');
    const before = problems.length;
    if (!name) report('name is empty');
    for (const text of [name, ...aliases]) {
      const controls = controlCharacters(text);
      if (controls.length > 0) report(`${JSON.stringify(text)} contains control characters (${controls.join(', ')})`);
      else if (text && !nameKey(text)) report(`${JSON.stringify(text)} has no letters or digits`);
    }
    if (country && !/^[A-Z]{2}$/.test(country)) report(`country ${JSON.stringify(country)} must be an ISO 3166 two-letter code, or empty`);
    if (!source) report('source is empty (or give --source NAME)');
    if (!isDate(listDate)) report(`listDate ${JSON.stringify(listDate)} must be a date YYYY-MM-DD`);
    if (problems.length > before) continue;
    sources.set(source, (sources.get(source) ?? 0) + 1);
    const key = `${nameKey(name)}\n${country}`;
    const known = byKey.get(key);
    if (known) {
      known.aliases = [...new Set([...known.aliases, ...aliases])];
      if (listDate > known.listDate) known.listDate = listDate;
      continue;
    }
    byKey.set(key, { entryId: '', name, aliases: [...new Set(aliases)], country: country || null, source, listDate });
  }
  if (problems.length > 0) throw new ScreeningListError(problems);

  let listName = options.source;
  if (!listName) {
    const named = [...sources.keys()];
    if (named.length !== 1) throw new ScreeningListError([`the rows name ${named.length} sources (${named.slice(0, 5).join(', ')}): give the list's name with --source NAME`]);
    listName = named[0];
    if (!SOURCE_NAME.test(listName)) throw new ScreeningListError([`the rows' source ${JSON.stringify(listName)} cannot name a list (letters, digits, '.', '_', '-'): give --source NAME`]);
  }
  const entries = [...byKey.entries()].map(([key, entry]) => ({ ...entry, entryId: digest(`${listName}\n${key}`).slice(0, 16) }));
  return {
    source: listName,
    listDate: entries.reduce((latest, entry) => (entry.listDate > latest ? entry.listDate : latest), entries[0].listDate),
    fileSha256: digest(bytes),
    entries,
  };
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function digest(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
