import shipped from '../data/regimes.json';
import { expectCountryList, expectRecord, loadReferenceFile } from './reference-files';

/** The four multilateral export control regimes of R-LIC-1(a), as keyed in regimes.json. */
export const REGIMES = ['wassenaar', 'mtcr', 'nsg', 'australiaGroup'] as const;
export type Regime = (typeof REGIMES)[number];

export interface RegimeMembership {
  members: Readonly<Record<Regime, readonly string[]>>;
  /** Countries in all four regimes (30 in the shipped file). */
  allFour: readonly string[];
  /** The file's note on its sources and date, kept for the record. */
  asOf?: string;
}

/**
 * regimes.json: the members of each regime and `allFour`. `allFour` must be exactly the
 * countries in all four lists: a replacement file that disagrees with itself is refused
 * rather than guessed at.
 */
export function parseRegimes(raw: unknown): RegimeMembership {
  const file = expectRecord(raw, 'regimes.json');
  const members = Object.fromEntries(REGIMES.map((regime) => [regime, expectCountryList(file[regime], regime)])) as Record<Regime, string[]>;
  const allFour = expectCountryList(file.allFour, 'allFour');
  const intersection = members.wassenaar.filter((code) => REGIMES.every((regime) => members[regime].includes(code)));
  const missing = intersection.filter((code) => !allFour.includes(code));
  const extra = allFour.filter((code) => !intersection.includes(code));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `allFour does not match the four member lists (missing: ${missing.join(', ') || 'none'}; not in all four: ${extra.join(', ') || 'none'})`,
    );
  }
  return { members, allFour, asOf: typeof file.asOf === 'string' ? file.asOf : undefined };
}

export function regimeMembership(): RegimeMembership {
  return loadReferenceFile('regimes.json', shipped, parseRegimes);
}

/** The member countries (ISO 3166-1 alpha-2) of one regime. */
export function regimeMembers(regime: Regime): readonly string[] {
  return regimeMembership().members[regime];
}

/** The countries in all four regimes. */
export function allFourRegimes(): readonly string[] {
  return regimeMembership().allFour;
}

/** R-LIC-1(a): whether the destination belongs to all four regimes (a 2-year licence). */
export function belongsToAllFourRegimes(country: string): boolean {
  return allFourRegimes().includes(country);
}

/** The regimes a country belongs to, in the order of {@link REGIMES}. */
export function regimesOf(country: string): Regime[] {
  const { members } = regimeMembership();
  return REGIMES.filter((regime) => members[regime].includes(country));
}
