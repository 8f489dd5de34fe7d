/**
 * Name normalisation for screening (R-REV-7): two names that differ only in case, punctuation,
 * full- or half-width forms, accents on Latin letters, word order or company suffixes normalise
 * to the same tokens.
 */

/**
 * Company-form words dropped from the end of a Latin-script name ("Rhein Optics GmbH" is
 * "Rhein Optics"), compared after punctuation is gone ("Co., Ltd." is `co ltd`).
 */
export const LATIN_COMPANY_SUFFIXES: ReadonlySet<string> = new Set([
  'co', 'company', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'llc', 'plc', 'llp', 'lp',
  'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'ab', 'as', 'asa', 'oy', 'oyj', 'aps',
  'kk', 'pte', 'pty', 'pvt', 'sdn', 'bhd', 'jsc', 'ojsc', 'pjsc', 'cjsc', 'ooo', 'zao', 'oao', 'tbk',
]);

/** Chinese company forms, longest first so that 股份有限公司 goes whole, not as 公司. */
export const CJK_COMPANY_SUFFIXES: readonly string[] = ['股份有限公司', '有限責任公司', '有限责任公司', '有限公司', '公司', '株式会社', '會社', '会社'];

/** Characters that vanish inside a word rather than split it: `O'Brien` is `obrien`, `U.S.A.` is `usa`. */
const JOINING = /['’`.·]/g;
/** Everything else that is not a letter or a digit separates words. */
const SEPARATOR = /[^\p{L}\p{N}]+/gu;
/** A run of Han, kana or Hangul characters: no spaces between words, so suffixes are cut from its end. */
const CJK_RUN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

import { simplifiedCharacters } from '@shtc/domain';

const traditionalForms = new Map<string, string>();
/** A Simplified character's Traditional form, where the domain's list knows it (`华` is `華`). */
function traditional(char: string): string {
  let form = traditionalForms.get(char);
  if (form === undefined) {
    form = simplifiedCharacters(char)[0]?.split('→')[1] ?? char;
    traditionalForms.set(char, form);
  }
  return form;
}

/**
 * Unicode NFKC (full-width `ＡＢＣ１` is `ABC1`, compatibility forms folded), lower case, and
 * accents dropped from Latin letters only (`Müller` is `muller`; kana keep their voicing marks),
 * and common Simplified Chinese characters in their Traditional form (`中兴` is `中興`).
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/\p{Script=Han}/gu, traditional);
}

/**
 * The words of a name, normalised and sorted (word order does not count), without the company
 * suffixes at its end. A name that is nothing but suffixes ("Company Limited") keeps them.
 */
export function nameTokens(name: string): string[] {
  const words = foldText(name).replace(JOINING, '').split(SEPARATOR).filter(Boolean);
  const stripped = withoutSuffixes(words);
  return (stripped.length > 0 ? stripped : words).sort();
}

/** The name as one comparable key: its sorted tokens joined by a space. Equal keys score 1. */
export function nameKey(name: string): string {
  return nameTokens(name).join(' ');
}

function withoutSuffixes(words: string[]): string[] {
  const kept = [...words];
  for (;;) {
    const last = kept.at(-1);
    if (last === undefined) return kept;
    if (LATIN_COMPANY_SUFFIXES.has(last)) {
      kept.pop();
      continue;
    }
    if (CJK_RUN.test(last)) {
      if (CJK_COMPANY_SUFFIXES.includes(last)) {
        kept.pop();
        continue;
      }
      const suffix = CJK_COMPANY_SUFFIXES.find((candidate) => last.endsWith(candidate) && last.length > candidate.length);
      if (suffix) {
        kept[kept.length - 1] = last.slice(0, -suffix.length);
        continue;
      }
    }
    return kept;
  }
}
