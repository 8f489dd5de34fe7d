import { PASSWORD } from './app';

/** The filing form as a person fills it in: a standard case to Germany, one goods line. */
export const FILING_FORM: Record<string, string> = {
  route: 'STANDARD',
  destination: 'DE',
  transshipmentPort: 'SGSIN',
  companyEmail: 'export@formosa.example',
  partialShipments: 'true',
  'buyer.name': 'Rhein Optics GmbH',
  'buyer.address': 'Hauptstrasse 1, 55116 Mainz',
  'buyer.country': 'DE',
  'consignee.sameAsBuyer': 'true',
  'endUser.name': 'Rhein Optics GmbH',
  'endUser.address': 'Hauptstrasse 1, 55116 Mainz',
  'endUser.country': 'DE',
  'items.0.goodsName': 'Single-mode fibre laser module',
  'items.0.brand': 'Formosa',
  'items.0.model': 'FL-200',
  'items.0.spec': '1550 nm, 2 W',
  'items.0.cccCode': '85414100001',
  'items.0.eccn': '5A002.a',
  'items.0.quantity': '100.5',
  'items.0.unit': 'PCE',
  'items.0.amount': '12000.00',
  'items.0.currency': 'USD',
};

export interface Page {
  status: number;
  headers: Headers;
  html: string;
  /** Where a 303 pointed, when the answer was one. */
  location: string | null;
}

/**
 * A browser-less client of the console for fetch-level specs: it keeps cookies as a browser
 * would for the console's path, sends Accept: text/html, never follows redirects (the spec reads
 * them), and posts forms with the page's own CSRF token.
 */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.send('GET', path, undefined, headers);
  }

  /** POSTs a form, adding the CSRF token of `from` (a page's HTML) unless the fields carry one. */
  async post(path: string, fields: Record<string, string | string[]>, from?: string): Promise<Page> {
    const body = new URLSearchParams();
    const token = from ? csrfOf(from) : null;
    if (token && !('_csrf' in fields)) body.append('_csrf', token);
    for (const [name, value] of Object.entries(fields)) for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    return this.send('POST', path, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  }

  /** Signs in through the form, as a person would; returns the page signing in led to (303). */
  async signIn(businessId: string, password = PASSWORD): Promise<Page> {
    const form = await this.get('/console/login');
    return this.post('/console/login', { businessId, password }, form.html);
  }

  async send(method: string, path: string, body?: string | FormData, headers: Record<string, string> = {}): Promise<Page> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, html: await response.text(), location: response.headers.get('location') };
  }
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('The page has no form token');
  return match[1];
}

/** The page's text without tags, spaces collapsed: for asserting what a person reads. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
