import { ROUTES } from '@shtc/domain';
import type { FormFields } from '../http/form-body';
import { text } from '../http/form-body';
import { routeWords } from '../http/words';

/** Goods lines the filing form offers; blank ones are left out. */
export const FORM_ITEMS = 3;
const ITEM_FIELDS = ['goodsName', 'brand', 'model', 'spec', 'cccCode', 'eccn', 'quantity', 'unit', 'amount', 'currency'] as const;
const PARTY_FIELDS = ['name', 'address', 'country'] as const;

const blankToUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/**
 * The filing form's fields (`buyer.name`, `items.0.quantity` …) as the API's application body
 * (api.md), for a NEW case on the standard or exempt route: what POST /applications takes, checked
 * by the same DTO and the same domain rules (R-FORM, R-ITEM, R-EXEMPT) when it is filed.
 */
export function applicationBodyOf(fields: FormFields): Record<string, unknown> {
  const party = (prefix: string, extra: readonly string[] = []) =>
    Object.fromEntries([...PARTY_FIELDS, ...extra].map((name) => [name, blankToUndefined(text(fields, `${prefix}.${name}`))]));
  const route = text(fields, 'route');
  const items = Array.from({ length: FORM_ITEMS }, (_, i) => Object.fromEntries(ITEM_FIELDS.map((name) => [name, blankToUndefined(text(fields, `items.${i}.${name}`))])))
    .filter((item) => Object.values(item).some((value) => value !== undefined))
    .map((item, i) => ({ itemNo: i + 1, ...item }));
  const partial = text(fields, 'partialShipments');
  const body = {
    kind: 'NEW',
    route: blankToUndefined(route),
    companyEmail: blankToUndefined(text(fields, 'companyEmail')),
    destination: blankToUndefined(text(fields, 'destination').trim().toUpperCase()),
    transshipmentPort: blankToUndefined(text(fields, 'transshipmentPort').trim().toUpperCase()),
    partialShipments: partial === 'true' ? true : partial === 'false' ? false : undefined,
    buyer: party('buyer'),
    consignee: text(fields, 'consignee.sameAsBuyer') === 'true' ? { sameAsBuyer: true } : party('consignee'),
    endUser: party('endUser', ['nameZh']),
    exemption:
      route === 'EXEMPT'
        ? { reason: blankToUndefined(text(fields, 'exemption.reason')), endUse: blankToUndefined(text(fields, 'exemption.endUse')), returnBy: blankToUndefined(text(fields, 'exemption.returnBy')) }
        : undefined,
    items,
  };
  // As JSON would carry it: no keys for what was left blank.
  return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
}

/** The filing form's model: its choices, and what was typed (shown again after a refusal). */
export function filingFormModel(fields: FormFields) {
  const value = (name: string) => text(fields, name);
  return {
    values: Object.fromEntries(Object.entries(fields).map(([name]) => [name, value(name)])),
    routes: ROUTES.filter((route) => route !== 'IRAN_NK').map((code) => ({ ...routeWords(code), checked: (value('route') || 'STANDARD') === code })),
    partial: { yes: value('partialShipments') === 'true', no: value('partialShipments') === 'false' },
    sameAsBuyer: value('consignee.sameAsBuyer') === 'true' || Object.keys(fields).length === 0,
    exemptionReasons: [
      { code: 'EXHIBITION', zh: '展覽品', en: 'Exhibition goods', selected: value('exemption.reason') === 'EXHIBITION' },
      { code: 'SPECIAL_APPROVAL', zh: '專案核准', en: 'Special approval', selected: value('exemption.reason') === 'SPECIAL_APPROVAL' },
    ],
    items: Array.from({ length: FORM_ITEMS }, (_, i) => ({
      n: i + 1,
      prefix: `items.${i}`,
      ...Object.fromEntries(ITEM_FIELDS.map((name) => [name, value(`items.${i}.${name}`)])),
    })),
  };
}
