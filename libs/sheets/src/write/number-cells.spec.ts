import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from '@e965/xlsx';
import { writeOds } from './ods-package';
import type { SheetModel } from './sheet-model';
import { writeXlsx } from './xlsx-package';

const SHEET: SheetModel = {
  name: 'Figures',
  columns: [{ width: 10, style: 'text' }, { width: 10, style: 'number' }, { width: 10, style: 'number' }, { width: 10, style: 'number' }],
  rows: [
    [{ text: 'key', style: 'headerOptional' }, { text: 'count', style: 'headerOptional' }, { text: 'share', style: 'headerOptional' }, { text: 'odd', style: 'headerOptional' }],
    [{ text: '2027-04', style: 'text' }, { text: '12', style: 'number' }, { text: '0.6667', style: 'number' }, { text: '=1+1', style: 'number' }],
  ],
  freezeHeader: true,
};

const cellsOf = (file: Uint8Array) => {
  const sheet = XLSX.read(file).Sheets.Figures;
  return ['A2', 'B2', 'C2', 'D2'].map((ref) => [sheet[ref].t, sheet[ref].v]);
};

describe('number cells (the statistics sheets)', () => {
  it('are numbers in .xlsx and .ods; text that is not a number stays a text cell, never a formula', () => {
    const expected = [['s', '2027-04'], ['n', 12], ['n', 0.6667], ['s', '=1+1']];
    const xlsx = writeXlsx([SHEET]);
    expect(cellsOf(xlsx)).toEqual(expected);
    expect(strFromU8(unzipSync(xlsx)['xl/worksheets/sheet1.xml'])).toContain('<c r="B2"><v>12</v></c>');
    expect(cellsOf(writeOds([SHEET]))).toEqual(expected);
  });
});
