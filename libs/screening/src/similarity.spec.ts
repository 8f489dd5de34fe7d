import { nameTokens } from './normalise';
import { MATCH_THRESHOLD, nameBigrams, nameSimilarity } from './similarity';

const score = (a: string, b: string) => nameSimilarity(nameTokens(a), nameTokens(b));

describe('name similarity (R-REV-7)', () => {
  it('is 1 for names equal once normalised, and for nothing else', () => {
    expect(score('Kim Jong Un', 'UN, KIM JONG')).toBe(1);
    expect(score('Rhein Optics GmbH', 'rhein-optics')).toBe(1);
    expect(score('abab', 'aba')).toBeLessThan(1);
  });

  it('pads each word, so bigrams do not run across words', () => {
    expect(nameBigrams(['ab', 'c'])).toEqual([' a', 'ab', 'b ', ' c', 'c ']);
  });

  it.each([
    ['one wrong letter', 'Rhein Optics', 'Rhein Optiks'],
    ['one missing letter', 'Rhein Optics GmbH', 'Rhein Optic'],
    ['two letters swapped', 'Rhein Optics', 'Rhien Optics'],
    ['a transliteration', 'Mohammad Rezaei', 'Mohammed Rezaei'],
    ['another transliteration', 'Al Qaida', 'Al Qaeda'],
    ['a typo in a long name', 'Islamic Revolutionary Guard Corps', 'Islamic Revolutionary Gaurd Corps'],
    ['words run together', 'Rosoboronexport', 'Rosoboron Export'],
    ['singular and plural', 'Nanjing Optical Instruments', 'Nanjing Optic Instrument'],
    ['a dropped trailing phrase', 'Sharif University', 'Sharif University of Technology'],
    ['one letter in a middle word', 'Shenzhen Jinhua Technology', 'Shenzhen Jiahua Technology'],
  ])('finds near misses: %s', (_, a, b) => {
    expect(score(a, b)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(score(a, b)).toBeLessThan(1);
    expect(score(a, b)).toBe(score(b, a));
  });

  it.each([
    ['names sharing a common word', 'Acme Trading', 'Apex Trading'],
    ['names sharing the city and a common word', 'Shenzhen Kaifa Technology', 'Shenzhen Goodix Technology'],
    ['a name and a longer one', 'Tehran Tech', 'Tehran Tech Supplies'],
    ['a different second word', 'Elbit Systems', 'Elbit Imaging'],
    ['similar-looking words', 'Optical Systems Ltd', 'Optical Solutions Ltd'],
    ['short names one letter apart', 'ABC', 'ABD'],
    ['unrelated names', 'Formosa Photonics', 'Rhein Optics'],
    ['a Chinese and a Latin name', '華為技術', 'Huawei Technologies'],
  ])('refuses non-matches: %s', (_, a, b) => {
    expect(score(a, b)).toBeLessThan(MATCH_THRESHOLD);
  });
});
