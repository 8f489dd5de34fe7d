import { DOCX, JPEG, ODP, ODS, ODT, PDF, PNG, PPTX, SNIFF_BYTES, TIFF, XLSX, detectFileType, sniffFileType } from './file-type';
import {
  buildZip,
  randomish,
  sampleExe,
  sampleJpeg,
  sampleOdf,
  sampleOle2,
  sampleOoxml,
  samplePdf,
  samplePng,
  sampleTiff,
} from './testing/sample-files';

describe('detectFileType reads the type from the bytes', () => {
  it.each([
    ['a PDF', samplePdf(), PDF],
    ['a PNG', samplePng(), PNG],
    ['a JPEG', sampleJpeg(), JPEG],
    ['a little-endian TIFF (II*\\0)', sampleTiff('II'), TIFF],
    ['a big-endian TIFF (MM\\0*)', sampleTiff('MM'), TIFF],
    ['a .docx written by Office ([Content_Types].xml first)', sampleOoxml('docx'), DOCX],
    ['a .docx written by LibreOffice ([Content_Types].xml last)', sampleOoxml('docx', { order: 'libreoffice' }), DOCX],
    ['a .xlsx', sampleOoxml('xlsx'), XLSX],
    ['a .pptx', sampleOoxml('pptx'), PPTX],
    ['an .odt', sampleOdf('odt'), ODT],
    ['an .ods', sampleOdf('ods'), ODS],
    ['an .odp', sampleOdf('odp'), ODP],
  ])('%s', (_, bytes, type) => {
    expect(detectFileType(bytes)).toEqual(type);
  });

  it('needs only the head: the first SNIFF_BYTES of a large document', () => {
    const large = sampleOoxml('xlsx', { padding: 5 * SNIFF_BYTES });
    expect(detectFileType(large.subarray(0, SNIFF_BYTES))).toEqual(XLSX);
    const pdf = Buffer.concat([samplePdf(), randomish(3 * SNIFF_BYTES)]);
    expect(detectFileType(pdf.subarray(0, SNIFF_BYTES))).toEqual(PDF);
  });

  it('tells a LibreOffice .docx by its parts when [Content_Types].xml lies beyond the head', () => {
    const docx = sampleOoxml('docx', { order: 'libreoffice', padding: 2 * SNIFF_BYTES });
    // The head ends inside the padding: _rels/.rels only, the word/ part is beyond.
    expect(detectFileType(docx.subarray(0, SNIFF_BYTES))).toBeNull();
    const small = sampleOoxml('docx', { order: 'libreoffice', padding: SNIFF_BYTES / 2 });
    expect(detectFileType(small.subarray(0, SNIFF_BYTES))).toEqual(DOCX);
  });

  it('walks entries written with data descriptors (streaming ZIP writers)', () => {
    const docx = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>', dataDescriptor: true },
      { name: '_rels/.rels', data: '<Relationships/>', dataDescriptor: true },
      { name: 'xl/workbook.xml', data: '<workbook/>', dataDescriptor: true },
    ]);
    expect(detectFileType(docx)).toEqual(XLSX);
  });

  it('takes a .xlsx written by SheetJS for one, though it declares a macro-enabled default type for .bin (it has no .bin part)', () => {
    const contentTypes =
      '<Types><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';
    const xlsx = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: '_rels/.rels', data: '<Relationships/>' },
      { name: '[Content_Types].xml', data: contentTypes },
    ]);
    expect(sniffFileType(xlsx)).toEqual({ type: XLSX });
    const xlsb = buildZip([{ name: '[Content_Types].xml', data: contentTypes.replace(/<Override.*?\/>/, '') }, { name: 'xl/workbook.bin', data: randomish(64) }]);
    expect(sniffFileType(xlsb).refusal).toMatch(/macros/);
  });

  it('takes the main part from [Content_Types].xml when it can read it', () => {
    const contentTypes = '<Types><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>';
    const zip = buildZip([
      { name: '[Content_Types].xml', data: contentTypes },
      { name: 'word/stray.xml', data: '<x/>' },
    ]);
    expect(detectFileType(zip)).toEqual(PPTX);
  });
});

describe('detectFileType refuses everything else', () => {
  it.each([
    ['a plain ZIP', buildZip([{ name: 'readme.txt', data: 'hello' }, { name: 'word/notes.txt', data: 'not a package' }])],
    ['a ZIP with [Content_Types].xml but no Office part', buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'a.txt', data: 'x' }])],
    ['an EPUB (mimetype first, another type)', buildZip([{ name: 'mimetype', data: 'application/epub+zip', method: 'store' }])],
    ['an ODF whose mimetype is compressed', buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' }])],
    ['a Windows executable (MZ)', sampleExe()],
    ['HTML', Buffer.from('<!doctype html><html><script>alert(1)</script></html>')],
    ['SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['a PDF signature not at the start', Buffer.from('<html>%PDF-1.4</html>')],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['a truncated signature', Buffer.from([0x89, 0x50, 0x4e])],
    ['nothing at all', Buffer.alloc(0)],
    ['a macro-enabled .docm', sampleOoxml('docm')],
    ['a legacy OLE2 file (.doc, .xls, .msi)', sampleOle2()],
    ['a damaged ZIP', Buffer.concat([sampleOoxml('docx').subarray(0, 40), Buffer.alloc(100, 0xff)])],
  ])('%s', (_, bytes) => {
    expect(detectFileType(bytes)).toBeNull();
  });

  it('says why, for the 415 answer', () => {
    expect(sniffFileType(sampleOle2()).refusal).toMatch(/Older Office files/);
    expect(sniffFileType(sampleOoxml('docm')).refusal).toMatch(/macros/);
    expect(sniffFileType(sampleOoxml('docm', { order: 'libreoffice' })).refusal).toMatch(/macros/);
    expect(sniffFileType(sampleExe()).refusal).toMatch(/Only PDF, PNG, JPEG, TIFF/);
  });
});
