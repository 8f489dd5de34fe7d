import type { Http } from './app';

/** A valid standard application to Germany, as a client sends it (api.md). */
export function standardBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'NEW',
    route: 'STANDARD',
    companyEmail: 'export@formosa.example',
    destination: 'DE',
    transshipmentPort: 'SGSIN',
    partialShipments: true,
    buyer: { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, 55116 Mainz', country: 'DE' },
    consignee: { sameAsBuyer: true },
    endUser: { name: 'Rhein Optics GmbH', address: 'Hauptstrasse 1, 55116 Mainz', country: 'DE' },
    items: [
      {
        itemNo: 1,
        goodsName: 'Single-mode fibre laser module',
        brand: 'Formosa',
        model: 'FL-200',
        spec: '1550 nm, 2 W',
        cccCode: '85414100001',
        eccn: '5A002.a',
        quantity: '100.5',
        unit: 'PCE',
        amount: '12000.00',
        currency: 'USD',
      },
    ],
    ...overrides,
  };
}

export function exemptBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return standardBody({
    route: 'EXEMPT',
    exemption: { reason: 'EXHIBITION', endUse: 'Shown at Laser World of Photonics, Munich', returnBy: '2027-03-01' },
    ...overrides,
  });
}

export function assuranceBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    destination: 'IR',
    companyEmail: 'export@formosa.example',
    buyer: { name: 'Tehran Trading Co.', address: '1 Azadi Street, Tehran', country: 'IR' },
    consignee: { sameAsBuyer: true },
    endUser: { name: 'Tehran Trading Co.', address: '1 Azadi Street, Tehran', country: 'IR' },
    items: (standardBody().items as unknown[]).map((item) => ({ ...(item as object) })),
    ...overrides,
  };
}

export async function fileApplication(http: Http, token: string, body = standardBody()): Promise<{ caseNo: string; position: string }> {
  const answer = await http.post('/applications', body, { token });
  if (answer.status !== 201) throw new Error(`file: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Uploads one attachment as a browser form would (multipart/form-data with `type` and `file`). */
export async function upload(
  baseUrl: string,
  token: string,
  caseNo: string,
  type: string,
  content: Buffer,
  fileName = `${type.toLowerCase()}.pdf`,
  options: { headers?: Record<string, string>; typeAfterFile?: boolean } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  if (!options.typeAfterFile) form.append('type', type);
  form.append('file', new Blob([content]), fileName);
  if (options.typeAfterFile) form.append('type', type);
  const response = await fetch(`${baseUrl}/applications/${caseNo}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...options.headers },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export const FIVE_DOCUMENTS = ['END_USE_ASSURANCE', 'RED_FLAG_AFFIDAVIT', 'CATALOGUE', 'TRANSACTION_DOCUMENT', 'END_USER_INTRODUCTION'];
