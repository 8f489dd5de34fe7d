import type { TestApp } from './app';

/** A goods line for sheet tests: text a spreadsheet would take for formulas, and Chinese. */
export const SHEET_ITEMS = [
  {
    itemNo: 1,
    goodsName: '=HYPERLINK("http://evil.example","click")',
    brand: '+886 Formosa',
    model: '-40C',
    spec: '@SUM(A1:A9)',
    cccCode: '85414100001',
    eccn: '5A002.a',
    quantity: '100.5',
    unit: 'PCE',
    amount: '12000',
    currency: 'USD',
  },
  { itemNo: 2, goodsName: '單模光纖雷射模組（含驅動器）', brand: '台灣光電', spec: '波長 1550 nm，輸出 2 W', cccCode: '85176290006', eccn: '5A002', quantity: '0.0001', unit: 'KGM', amount: '600000', currency: 'TWD' },
];

/** GETs a file: its status, headers and bytes. */
export async function download(t: TestApp, token: string, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer; problem?: any }> {
  const response = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await response.arrayBuffer());
  const problem = response.headers.get('content-type')?.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined;
  return { status: response.status, headers: response.headers, bytes, problem };
}

/** POSTs a sheet to /items/parse as a browser form would (multipart/form-data, part `file`). */
export async function parseSheet(t: TestApp, token: string, content: Uint8Array, fileName = 'goods.xlsx'): Promise<{ status: number; headers: Headers; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([content]), fileName);
  const response = await fetch(`${t.baseUrl}/items/parse`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
