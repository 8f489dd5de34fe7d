import fc from 'fast-check';
import { schemaAt, schemaViolations, type Schema } from './openapi';

/** One hostile request body: the text sent, its content type (null: none), and what was done to the sample. */
export interface HostileBody {
  label: string;
  text: string;
  contentType: string | null;
}

type Step = string | number;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A hostile body that fast-check reports by its label: a counterexample may hold a megabyte. */
function hostile(label: string, text: string, contentType: string | null): HostileBody {
  return { label, text, contentType, [fc.toStringMethod]: () => `${label} (${text.length} characters as ${contentType ?? 'no content type'})` } as HostileBody;
}

/** A megabyte of text: under the 2 MB body limit, so it reaches the field checks. */
export const MEGABYTE = 1024 * 1024;
const NESTING_DEPTHS = [65, 200, 5_000, 100_000];

/**
 * Text no field of ours takes, whatever its script: C0 controls (tab, line feed and carriage
 * return excepted: they are white space), DEL and C1 controls, and format characters: marks and
 * overrides that make text read in another order than it is stored (RLM, RLO, isolates), zero
 * widths, the BOM.
 */
const NEVER_TEXT = [
  ...Array.from({ length: 32 }, (_, c) => c).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
  0x7f, 0x85, 0x9b,
  0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x061c, 0xfeff,
].map((c) => String.fromCharCode(c));

/** Characters a code, an identifier, a date, a decimal or an English-only field never holds (free text may). */
const NOT_IN_CODES = ['\u0301', '\u0336', '\u20dd', 'e\u0301', '\uff10', '\uff21', '\u0410', '\u2024', '中', '😀', ' \u0301\u0301\u0301'];

/** Unpaired halves of a surrogate pair: not characters at all. */
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'];

/** Keys every object inherits, or that pollute prototypes. */
const INHERITED_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

/** Media types that are not JSON, JSON's lookalikes, wildcards, and none at all. */
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'application/xml',
  'text/xml',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/javascript',
  'image/png',
  'multipart/form-data; boundary=----hostile',
  'multipart/form-data',
  'multipart/mixed; boundary=x',
  'application/json-patch+json',
  'application/x-json',
  'text/json',
  'application/jsonx',
  'json',
  '*/*',
  'application/*',
  null,
];

/** Every path into a JSON value: keys and array indexes, the value itself as []. */
export function pathsOf(value: unknown, at: Step[] = []): Step[][] {
  const paths: Step[][] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...at, key]));
  return paths;
}

function valueAt(value: unknown, path: readonly Step[]): unknown {
  return path.reduce<unknown>((node, step) => (node as Record<Step, unknown>)[step], value);
}

/** A copy of `body` with the value at `path` replaced (the root when the path is empty). */
function replaceAt(body: unknown, path: readonly Step[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(body) as Record<Step, unknown>;
  const parent = valueAt(copy, path.slice(0, -1)) as Record<Step, unknown>;
  parent[path[path.length - 1]] = replacement;
  return copy;
}

/** The text of `body` with raw JSON put in place of the value at `path` (for what JSON.stringify cannot write). */
function textWithRawAt(body: unknown, path: readonly Step[], raw: string): string {
  const sentinel = `\u0001raw-${Math.random().toString(36).slice(2)}\u0001`;
  return JSON.stringify(replaceAt(body, path, sentinel)).replace(JSON.stringify(sentinel), raw);
}

function pathLabel(path: readonly Step[]): string {
  return path.length === 0 ? 'body' : path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

function nested(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}

/** Values of a JSON type other than `value`'s, never null (which an optional field takes as absent). */
function wrongTypes(value: unknown): fc.Arbitrary<Json> {
  const object = fc.dictionary(fc.constantFrom('x', 'value', 'id'), fc.string({ maxLength: 8 }), { minKeys: 1, maxKeys: 2 });
  if (typeof value === 'string') return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), object);
  if (typeof value === 'number') return fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('1', '1.0', '0x1', '1e0'), fc.boolean(), fc.constant<Json>([1]), object);
  if (typeof value === 'boolean') return fc.oneof(fc.constantFrom('true', 'false', 'yes', ''), fc.constantFrom(0, 1), fc.constant<Json>([true]), object);
  if (Array.isArray(value)) return fc.oneof(fc.integer(), fc.boolean(), object);
  return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }));
}

function insertAt(text: string, position: number, insertion: string): string {
  const at = Math.min(position, text.length);
  return text.slice(0, at) + insertion + text.slice(at);
}

export interface BodyProfile {
  sample: Record<string, unknown>;
  schema: Schema | null;
  /** Field names that take any text: a value under one of them, at any depth (reasons[0]). */
  freeText: readonly string[];
  /** Text mutations stop at field checks that may answer 2xx (password-reset): only typed mutations then. */
  textMutations: boolean;
}

/**
 * Hostile variants of a valid body, each with one thing wrong that the app must refuse with a
 * 4xx problem: a field of the wrong JSON type; text no field takes (controls, bidi marks and
 * overrides, zero widths, an unpaired surrogate, a megabyte); a code with a combining mark or a
 * full-width digit; a key named `__proto__` or `constructor`, or unknown; nesting past the limit;
 * a required field left out; a body that is no object; broken JSON; a content type other than JSON.
 */
export function hostileBodies(profile: BodyProfile): fc.Arbitrary<HostileBody> {
  const { sample, schema } = profile;
  const json = JSON.stringify(sample);
  const paths = pathsOf(sample);
  const leafPaths = paths.filter((path) => path.length > 0);
  const stringPaths = paths.filter((path) => typeof valueAt(sample, path) === 'string');
  const objectPaths = paths.filter((path) => {
    const value = valueAt(sample, path);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  });
  const isFree = (path: readonly Step[]) => path.some((step) => typeof step === 'string' && profile.freeText.includes(step));
  const codePaths = stringPaths.filter((path) => !isFree(path));
  const requiredPaths = objectPaths.flatMap((path) => {
    const required = schemaAt(schema, path)?.required ?? [];
    const present = valueAt(sample, path) as Record<string, unknown>;
    return required.filter((name) => name in present).map((name) => [...path, name]);
  });

  const variants: Array<fc.Arbitrary<HostileBody>> = [
    // A value of another JSON type.
    fc.constantFrom(...leafPaths).chain((path) =>
      wrongTypes(valueAt(sample, path))
        // Only what the document forbids there: `reasons` is a string or a list, an agency a name or an object.
        .filter((value) => {
          const expected = schemaAt(schema, path);
          return !expected || schemaViolations(expected, value).length > 0;
        })
        .map((value) => ({
          label: `${pathLabel(path)} as ${JSON.stringify(value).slice(0, 40)}`,
          text: JSON.stringify(replaceAt(sample, path, value)),
          contentType: 'application/json',
        })),
    ),
    // A key that is no field: inherited names, unknown names, a megabyte-long name, a NUL in it.
    fc
      .tuple(
        fc.constantFrom(...objectPaths),
        fc.oneof(fc.constantFrom(...INHERITED_KEYS), fc.constantFrom('isAdmin', 'role', 'id', 'position', 'revision', '', ' ', 'kind ', 'a\u0000b'), fc.constant('k'.repeat(MEGABYTE))),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([path, key, value]) => {
        const text = JSON.stringify(valueAt(sample, path));
        const entry = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
        const withKey = text === '{}' ? `{${entry}}` : text.replace(/^\{/, `{${entry},`);
        return { label: `key ${JSON.stringify(key.slice(0, 20))} in ${pathLabel(path)}`, text: textWithRawAt(sample, path, withKey), contentType: 'application/json' };
      }),
    // Nested past the limit where a value should be.
    fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...NESTING_DEPTHS), fc.constantFrom<'object' | 'array'>('object', 'array')).map(([path, depth, kind]) => ({
      label: `${pathLabel(path)} nested ${depth} deep (${kind}s)`,
      text: textWithRawAt(sample, path, nested(depth, kind)),
      contentType: 'application/json',
    })),
    // No object at all, or an object of nothing but unknown fields.
    fc
      .oneof(
        fc.jsonValue({ maxDepth: 3 }).filter((value) => value === null || typeof value !== 'object' || Array.isArray(value)),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !(schema?.properties && key in schema.properties)), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 }),
      )
      .map((value) => ({ label: `body ${JSON.stringify(value).slice(0, 60)}`, text: JSON.stringify(value), contentType: 'application/json' })),
    // Broken JSON: every proper prefix of an object's text, and JSON's cousins.
    fc
      .oneof(
        fc.integer({ min: 0, max: json.length - 1 }).map((cut) => ({ label: `JSON cut at ${cut} of ${json.length}`, text: json.slice(0, cut) })),
        fc.constantFrom(
          ...stringPaths.slice(0, 1).map((path) => ({
            label: `a raw line feed in ${pathLabel(path)}`,
            text: textWithRawAt(sample, path, `"\n${JSON.stringify(valueAt(sample, path)).slice(1)}`),
          })),
          { label: 'trailing comma', text: json.replace(/\}$/, ',}') },
          { label: 'single quotes', text: json.replace(/"/g, "'") },
          { label: 'a comment', text: `/* hostile */${json}` },
          { label: 'NaN', text: json.replace(/^\{/, '{"x":NaN,') },
          { label: 'two bodies', text: `${json}${json}` },
          { label: 'a raw NUL', text: `${json}\u0000` },
        ),
      )
      .map((broken) => ({ ...broken, contentType: 'application/json' })),
    // The right body under another content type (or none).
    fc.constantFrom(...WRONG_CONTENT_TYPES).map((contentType) => ({ label: `content type ${JSON.stringify(contentType)}`, text: json, contentType })),
  ];
  if (requiredPaths.length > 0) {
    variants.push(
      fc.constantFrom(...requiredPaths).map((path) => {
        const parent = structuredClone(valueAt(sample, path.slice(0, -1))) as Record<string, unknown>;
        delete parent[path[path.length - 1] as string];
        return { label: `without ${pathLabel(path)}`, text: JSON.stringify(replaceAt(sample, path.slice(0, -1), parent)), contentType: 'application/json' };
      }),
    );
  }
  if (profile.textMutations && stringPaths.length > 0) {
    variants.push(
      // Text no field takes, anywhere in a value; or a megabyte of it.
      fc
        .tuple(fc.constantFrom(...stringPaths.filter((path) => !isPassword(path))), fc.constantFrom(...NEVER_TEXT, ...LONE_SURROGATES), fc.nat(), fc.nat({ max: 3 }))
        .map(([path, char, position, repeat]) => {
          const value = valueAt(sample, path) as string;
          return {
            label: `${pathLabel(path)} with U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
            // Inside the value: trimming (which takes a BOM or a form feed off the ends) is normalising, not storing it.
            text: JSON.stringify(replaceAt(sample, path, insertAt(value, interior(value, position), char.repeat(repeat + 1)))),
            contentType: 'application/json',
          };
        }),
      fc.tuple(fc.constantFrom(...stringPaths), fc.constantFrom('x', 'Ab1 ', '中', 'é')).map(([path, unit]) => ({
        label: `${pathLabel(path)} a megabyte of ${JSON.stringify(unit)}`,
        text: JSON.stringify(replaceAt(sample, path, unit.repeat(Math.ceil(MEGABYTE / unit.length)))),
        contentType: 'application/json',
      })),
    );
  }
  if (profile.textMutations && codePaths.length > 0) {
    variants.push(
      // A code, identifier, date, decimal or English-only text with what only free text may hold.
      fc.tuple(fc.constantFrom(...codePaths), fc.constantFrom(...NOT_IN_CODES), fc.nat()).map(([path, char, position]) => {
        const value = valueAt(sample, path) as string;
        return {
          label: `${pathLabel(path)} with ${JSON.stringify(char)}`,
          text: JSON.stringify(replaceAt(sample, path, insertAt(value, interior(value, position), char))),
          contentType: 'application/json',
        };
      }),
    );
  }
  return fc.oneof(...variants).map((body) => hostile(body.label, body.text, body.contentType));
}

/** A position strictly inside the value (after its first character, before its last) when it has two or more. */
function interior(value: string, position: number): number {
  return value.length < 2 ? value.length : 1 + (position % (value.length - 1));
}

function isPassword(path: readonly Step[]): boolean {
  return path.some((step) => step === 'password' || step === 'newPassword');
}

/**
 * Bodies the JSON parser itself must refuse on any route, one that takes no body included:
 * nesting past the limit, unpaired surrogates, inherited keys, broken JSON.
 */
export function parserHostileBodies(): fc.Arbitrary<HostileBody> {
  return fc.oneof(
    fc.tuple(fc.constantFrom(...NESTING_DEPTHS), fc.constantFrom<'object' | 'array'>('object', 'array')).map(([depth, kind]) => ({
      label: `nested ${depth} deep (${kind}s)`,
      text: nested(depth, kind),
      contentType: 'application/json',
    })),
    fc.constantFrom(...LONE_SURROGATES).map((char) => ({ label: 'an unpaired surrogate', text: JSON.stringify({ note: `a${char}b` }), contentType: 'application/json' })),
    fc.constantFrom(...INHERITED_KEYS).map((key) => ({ label: `key ${key}`, text: `{${JSON.stringify(key)}:{"polluted":true}}`, contentType: 'application/json' })),
    fc.constantFrom('{', '{"a":', '[1,', '{"a":1,}', "{'a':1}", 'nul', '{"a":1}{', '\u0000').map((text) => ({ label: `broken JSON ${JSON.stringify(text)}`, text, contentType: 'application/json' })),
  ).map((body) => hostile(body.label, body.text, body.contentType));
}
