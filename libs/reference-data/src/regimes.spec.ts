import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allFourRegimes, belongsToAllFourRegimes, regimeMembers, regimesOf } from './regimes';
import { ReferenceDataError } from './reference-files';

describe('R-LIC-1(a) membership of the four regimes', () => {
  it('counts 30 countries in all four', () => {
    expect(allFourRegimes()).toHaveLength(30);
  });
  it('gives the 2-year validity to Japan and Germany, not to India, Russia, Mexico or China', () => {
    expect(belongsToAllFourRegimes('JP')).toBe(true);
    expect(belongsToAllFourRegimes('DE')).toBe(true);
    for (const country of ['IN', 'RU', 'MX', 'CN', 'TW']) expect(belongsToAllFourRegimes(country)).toBe(false);
  });
  it('lists the members of each regime', () => {
    expect(regimeMembers('wassenaar')).toHaveLength(42);
    expect(regimeMembers('mtcr')).toHaveLength(35);
    expect(regimeMembers('nsg')).toHaveLength(48);
    expect(regimeMembers('australiaGroup')).toContain('IN');
    expect(regimesOf('IN')).toEqual(['wassenaar', 'mtcr', 'australiaGroup']);
  });

  describe('a replacement file (REFERENCE_DATA_DIR)', () => {
    const saved = process.env.REFERENCE_DATA_DIR;
    afterEach(() => {
      if (saved === undefined) delete process.env.REFERENCE_DATA_DIR;
      else process.env.REFERENCE_DATA_DIR = saved;
    });
    const shipped = JSON.parse(readFileSync(join(__dirname, '../data/regimes.json'), 'utf8'));
    const withFile = (content: unknown) => {
      const dir = mkdtempSync(join(tmpdir(), 'reference-data-'));
      writeFileSync(join(dir, 'regimes.json'), JSON.stringify(content));
      process.env.REFERENCE_DATA_DIR = dir;
    };

    it('is read instead of the shipped file', () => {
      withFile({ ...shipped, mtcr: [...shipped.mtcr, 'MX'], allFour: [...shipped.allFour, 'MX'] });
      expect(belongsToAllFourRegimes('MX')).toBe(true);
      expect(allFourRegimes()).toHaveLength(31);
    });
    it('is refused when allFour disagrees with the four lists', () => {
      withFile({ ...shipped, allFour: [...shipped.allFour, 'IN'] });
      expect(() => allFourRegimes()).toThrow(ReferenceDataError);
      expect(() => allFourRegimes()).toThrow(/regimes\.json: allFour does not match .*not in all four: IN/);
    });
    it('is refused when a folder is named that does not exist', () => {
      process.env.REFERENCE_DATA_DIR = join(tmpdir(), 'no-such-reference-data-folder');
      expect(() => allFourRegimes()).toThrow(/REFERENCE_DATA_DIR=.* is not a folder/);
    });
  });
});
