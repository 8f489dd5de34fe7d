import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportRules, isIranOrNorthKorea, needsBusinessLicence, needsReExportConsent } from './export-rules';
import { referenceDataOrigins } from './reference-files';

describe('country lists of the case rules', () => {
  it('R-NEW-4 item 6: the business licence for CN and AE', () => {
    expect(exportRules().businessLicenceDestinations).toEqual(['CN', 'AE']);
    expect(needsBusinessLicence('AE')).toBe(true);
    expect(needsBusinessLicence('DE')).toBe(false);
  });
  it('R-NEW-4 item 7: re-export consent of the ten governments, unless the goods return there', () => {
    expect(exportRules().reExportConsentCountries).toEqual(['US', 'DE', 'GR', 'HU', 'CZ', 'ES', 'TR', 'RU', 'BE', 'FR']);
    expect(needsReExportConsent('US', 'SG')).toBe(true);
    expect(needsReExportConsent('US', 'US')).toBe(false);
    expect(needsReExportConsent('JP', 'SG')).toBe(false);
  });
  it('R-IRNK: Iran and North Korea take their own route', () => {
    expect(exportRules().iranNkDestinations).toEqual(['IR', 'KP']);
    expect(isIranOrNorthKorea('KP')).toBe(true);
    expect(isIranOrNorthKorea('KR')).toBe(false);
  });

  describe('replaced by an operator (REFERENCE_DATA_DIR)', () => {
    const saved = process.env.REFERENCE_DATA_DIR;
    afterEach(() => {
      if (saved === undefined) delete process.env.REFERENCE_DATA_DIR;
      else process.env.REFERENCE_DATA_DIR = saved;
    });
    it('reads the replacement, and the shipped files for what the folder lacks', () => {
      const dir = mkdtempSync(join(tmpdir(), 'reference-data-'));
      const list = (countries: string[]) => ({ rule: 'test', countries });
      writeFileSync(
        join(dir, 'export-rules.json'),
        JSON.stringify({ businessLicenceDestinations: list(['CN', 'AE', 'HK']), reExportConsentCountries: list(['US']), iranNkDestinations: list(['IR', 'KP']) }),
      );
      process.env.REFERENCE_DATA_DIR = dir;
      expect(needsBusinessLicence('HK')).toBe(true);
      expect(needsReExportConsent('DE', 'SG')).toBe(false);
      expect(referenceDataOrigins()['export-rules.json']).toBe(join(dir, 'export-rules.json'));
    });
  });
});
