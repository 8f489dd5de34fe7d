/**
 * What the bench's clients send: a standard application (as test/support/applications.ts
 * `standardBody()`), its five documents as small one-page PDFs, and customs' declaration and
 * release matching the licence that application is issued.
 */

export const DOCUMENTS = ['END_USE_ASSURANCE', 'RED_FLAG_AFFIDAVIT', 'CATALOGUE', 'TRANSACTION_DOCUMENT', 'END_USER_INTRODUCTION'];

const BUYER = { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, 55116 Mainz', country: 'DE' };
const ITEM = {
  itemNo: 1, goodsName: 'Single-mode fibre laser module', brand: 'Formosa', model: 'FL-200', spec: '1550 nm, 2 W',
  cccCode: '85414100001', eccn: '5A002.a', quantity: '100.5', unit: 'PCE', amount: '12000.00', currency: 'USD',
};

export const APPLICATION = JSON.stringify({
  kind: 'NEW',
  route: 'STANDARD',
  companyEmail: 'export@formosa.example',
  destination: 'DE',
  transshipmentPort: 'SGSIN',
  partialShipments: true,
  buyer: BUYER,
  consignee: { sameAsBuyer: true },
  endUser: { ...BUYER },
  items: [ITEM],
});
export const SUBMIT = JSON.stringify({ endUse: 'Optical test benches for telecom research' });
export const FORWARD = JSON.stringify({ recommendation: 'APPROVE', note: 'Parties and goods check out' });
export const APPROVE = JSON.stringify({ note: 'Approved as recommended' });

/** Customs' declaration of the licensed goods, matching the licence field by field. */
export function declaration(declarationNo: string, licenceNo: string, exporterId: string): string {
  const { itemNo, cccCode, quantity, unit, amount, currency } = ITEM;
  return JSON.stringify({
    declarationNo, licenceNo, exporterId, destination: 'DE', consigneeName: BUYER.name,
    items: [{ itemNo, cccCode, quantity, unit, amount, currency }],
  });
}

/** A partial shipment (the licence allows them): 40 of the 100.5 licensed, leaving 60.5. */
export const RELEASED = '40';
export const BALANCE_AFTER_RELEASE = '60.5';

export function release(declarationNo: string, licenceNo: string, releasedAt: string): string {
  return JSON.stringify({ declarationNo, licenceNo, releasedAt, items: [{ itemNo: ITEM.itemNo, quantity: RELEASED }] });
}

/** A tiny valid one-page PDF whose text (and so whose bytes and sha256) is unique per upload. */
export function tinyPdf(title: string): Buffer {
  const stream = `BT /F1 12 Tf 72 770 Td (${title}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** multipart/form-data with the `type` field, then the `file` part, as a browser form sends them. */
export function multipart(type: string, fileName: string, content: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${type}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
    'latin1',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  return { body: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
