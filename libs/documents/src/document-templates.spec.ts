import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redFlagChecklist } from '@shtc/reference-data';
import { pdfFonts, pdfWords } from '../../../test/support/pdf';
import { SHELL_PAGE_URL, TEMPLATES_DIR } from './assets';
import { ChromiumPdfPrinter } from './chromium/chromium-pdf-printer';
import { DocumentTemplates } from './document-templates';
import { assuranceRegistrationModel } from './models/assurance-registration';
import { caseTimelineModel } from './models/case-timeline';
import { endUseAssuranceModel } from './models/end-use-assurance';
import { licenceReferenceCopyModel } from './models/licence-reference-copy';
import { redFlagAffidavitModel } from './models/red-flag-affidavit';
import { SAMPLE_EXPORTER, sampleApplication, sampleAssurance, sampleCase, sampleLicence, sampleTimeline } from './testing/sample-records';

jest.setTimeout(60_000);

const SCRIPT = '<script>alert(1)</script>';

describe('document templates', () => {
  const templates = DocumentTemplates.load();
  // One browser for the spec, through the documents' own shell page (its policy included).
  const printer = new ChromiumPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', shellUrl: SHELL_PAGE_URL });
  afterAll(() => printer.close());

  it('escapes every value: a party name with markup in it is text in the HTML and prints as text', async () => {
    const hostile = sampleCase(sampleApplication({ buyer: { name: `Rhein ${SCRIPT} GmbH`, address: '"><img src=x> 1 Main St', country: 'DE' } }));
    const html = templates.html('end-use-assurance', endUseAssuranceModel(hostile, 'BUYER', SAMPLE_EXPORTER));
    expect(html).toContain('Rhein &lt;script&gt;alert(1)&lt;/script&gt; GmbH');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x>');
    const text = pdfWords(await printer.print(html));
    expect(text).toContain(`Rhein ${SCRIPT} GmbH`);
    expect(text).toContain('"><img src=x> 1 Main St');
  });

  it('prints each document bilingually, Traditional Chinese in embedded font subsets (no Type 3 fonts)', async () => {
    const documents = [
      { html: templates.html('end-use-assurance', endUseAssuranceModel(sampleCase(), 'CONSIGNEE', SAMPLE_EXPORTER)), says: ['最終用途保證書', 'WRITTEN ASSURANCE OF END USES', '收貨人版', 'Mainz Logistics AG', 'Rhein Optics Research GmbH'] },
      { html: templates.html('red-flag-affidavit', redFlagAffidavitModel(sampleCase(), redFlagChecklist(), SAMPLE_EXPORTER)), says: ['紅色警戒清單(異常交易)檢核切結書', '客戶經商背景不明', 'The customer has little or no business background.'] },
      { html: templates.html('assurance-registration', assuranceRegistrationModel(sampleAssurance(), SAMPLE_EXPORTER)), says: ['最終用途保證書登錄資料', 'IRNK-2026-000001', '國外進口商', 'Foreign importer', 'Tehran Trading Co.'] },
      { html: templates.html('licence-reference-copy', await licenceReferenceCopyModel(sampleLicence(), SAMPLE_EXPORTER)), says: ['參考用聯', 'LIC-2026-000001', '2028-12-03', '40.5 PCE', '60 PCE'] },
    ];
    for (const { html, says } of documents) {
      const pdf = await printer.print(html);
      const text = pdfWords(pdf);
      for (const words of [...says, 'Formosa Photonics Co., Ltd.', 'Single-mode fibre laser module']) expect(text).toContain(words);
      const fonts = pdfFonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      // Subsets are named with a six-letter tag (AAAAAA+NotoSansTC…); Debian's CJK fonts would print as Type 3.
      for (const font of fonts) expect(font).toEqual({ name: expect.stringMatching(/^[A-Z]{6}\+NotoSansTC/), type: 'CID TrueType' });
    }
  });

  it('prints a case\'s timeline: title in both languages, the streams, when and at which log position, a row per step in Taipei time', async () => {
    const pdf = await printer.print(templates.html('case-timeline', caseTimelineModel(sampleTimeline())));
    const text = pdfWords(pdf);
    for (const words of [
      '案件歷程', 'Case timeline', '收件編號 Receipt No. SHTC-2026-000001', '列印時間 Printed at 2027-01-04 10:30:15', '紀錄位置 Log position 21',
      'licence-LIC-2026-000001 核發自 issued by case-SHTC-2026-000001', '2026-12-30 09:04:30', '審查人員 R001 通知補件：公司營業執照影本，期限 2027-01-15',
      "Reviewer R001 asked for a copy of the end user's business licence, due 2027-01-15", 'SupplementRequested', 'LicenceIssued', '1 / 1',
    ]) expect(text).toContain(words);
    for (const font of pdfFonts(pdf)) expect(font.type).toBe('CID TrueType');
  });

  it('escapes a timeline\'s descriptions: markup an applicant wrote is text in the HTML and on paper', async () => {
    const timeline = sampleTimeline();
    const steps = [{ ...timeline.steps[0], description: { en: `Applicant 22099131 removed ${SCRIPT}.pdf`, zh: `申請人 22099131 刪除附件 ${SCRIPT}.pdf` } }];
    const html = templates.html('case-timeline', caseTimelineModel({ ...timeline, steps }));
    expect(html).toContain('刪除附件 &lt;script&gt;alert(1)&lt;/script&gt;.pdf');
    expect(html).not.toContain(SCRIPT);
    expect(pdfWords(await printer.print(html))).toContain(`removed ${SCRIPT}.pdf`);
  });

  describe('loaded from a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shtc-templates-'));
    beforeEach(() => cpSync(TEMPLATES_DIR, dir, { recursive: true }));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is versioned by its content: a changed partial or stylesheet is a new template version', () => {
      const version = DocumentTemplates.load(dir).version;
      expect(DocumentTemplates.load(dir).version).toBe(version);
      appendFileSync(join(dir, 'document.css'), '\nh2 { color: #000; }\n');
      const restyled = DocumentTemplates.load(dir).version;
      appendFileSync(join(dir, 'partials', 'label.hbs'), ' ');
      expect(new Set([version, restyled, DocumentTemplates.load(dir).version]).size).toBe(3);
    });

    it('refuses a template that would print a value unescaped', () => {
      writeFileSync(join(dir, 'partials', 'party-row.hbs'), '<tr><td>{{{party.name}}}</td></tr>');
      expect(() => DocumentTemplates.load(dir)).toThrow(/party-row\.hbs prints a value unescaped/);
      writeFileSync(join(dir, 'partials', 'party-row.hbs'), '<tr><td>{{& party.name}}</td></tr>');
      expect(() => DocumentTemplates.load(dir)).toThrow(/unescaped/);
    });

    it('refuses to print a field its model lacks, rather than leave a blank on paper', () => {
      writeFileSync(join(dir, 'assurance-registration.hbs'), '<p>{{assuranceNumber}}</p>');
      const loaded = DocumentTemplates.load(dir);
      expect(() => loaded.html('assurance-registration', assuranceRegistrationModel(sampleAssurance(), SAMPLE_EXPORTER))).toThrow(/assuranceNumber/);
    });
  });
});
