import type { TestApp } from '@shtc/testing';

/** The subset of JSON Schema the app's OpenAPI document uses. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  format?: string;
}

/** One operation of the document, its path written as the app's routes are (`/applications/:caseNo`). */
export interface Operation {
  method: string;
  path: string;
  key: string;
  /** Bearer authentication required, as the document says. */
  secured: boolean;
  /** Content types of its request body, if it has one. */
  consumes: string[];
  /** The JSON body's schema, references resolved. */
  jsonSchema: Schema | null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** The OpenAPI document the running app serves at /docs-json, as a list of operations. */
export async function openApiOperations(t: TestApp): Promise<Operation[]> {
  const response = await fetch(`${t.baseUrl}/docs-json`);
  if (response.status !== 200) throw new Error(`GET /docs-json: ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  const resolve = (schema: Schema, depth = 0): Schema => {
    if (depth > 20) return schema;
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = document.components?.schemas?.[name];
      if (!target) throw new Error(`unresolved ${schema.$ref}`);
      return resolve(target, depth + 1);
    }
    const resolved: Schema = { ...schema };
    if (schema.properties) resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)]));
    if (schema.items) resolved.items = resolve(schema.items, depth + 1);
    if (schema.oneOf) resolved.oneOf = schema.oneOf.map((s) => resolve(s, depth + 1));
    if (schema.anyOf) resolved.anyOf = schema.anyOf.map((s) => resolve(s, depth + 1));
    return resolved;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const routePath = path.replace(/\{([^}]+)\}/g, ':$1');
      operations.push({
        method: method.toUpperCase(),
        path: routePath,
        key: `${method.toUpperCase()} ${routePath}`,
        secured: (operation.security ?? []).length > 0,
        consumes: Object.keys(content),
        jsonSchema: json ? resolve(json) : null,
      });
    }
  }
  return operations;
}

/** The schema of the value at `path` inside a body of `schema` (null where the schema says nothing). */
export function schemaAt(schema: Schema | null, path: ReadonlyArray<string | number>): Schema | null {
  let current: Schema | null = schema;
  for (const step of path) {
    if (!current) return null;
    current = typeof step === 'number' ? (current.items ?? null) : (current.properties?.[step] ?? null);
  }
  return current;
}

/**
 * Where a value breaks its schema (type, enum, required, properties, items, lengths), by path; empty
 * when it conforms. Enough to hold the document to what the app takes: a body the app accepts
 * must be one the document allows.
 */
export function schemaViolations(schema: Schema, value: unknown, path = 'body'): string[] {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.some((s) => schemaViolations(s, value, path).length === 0) ? [] : [`${path}: matches none of its alternatives`];
  const problems: string[] = [];
  const type = jsonType(value);
  if (schema.type && !(schema.type === type || (schema.type === 'number' && type === 'integer'))) return [`${path}: is ${type}, the document says ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => problems.push(...schemaViolations(schema.items!, item, `${path}[${i}]`)));
  if (type === 'object' && schema.properties) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${path}.${name}: required by the document`);
    for (const [name, item] of Object.entries(record)) {
      const property = schema.properties[name];
      if (!property) problems.push(`${path}.${name}: not in the document`);
      else problems.push(...schemaViolations(property, item, `${path}.${name}`));
    }
  }
  return problems;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
