import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { FieldError } from './problem';

/**
 * How deep a JSON body may nest objects and arrays. An application body nests about 4 levels
 * (body → items → item → value) and a draft is whatever object a front end saves, so 64 leaves
 * room for any form; thousands of levels only serve to overflow the stack of whatever walks the
 * body next (class-transformer, class-validator, the canonical JSON of the idempotency hash).
 */
export const MAX_JSON_DEPTH = 64;

/** At most this many fields are named in one refusal: the answer stays small whatever the body. */
const MAX_ERRORS = 20;

/**
 * The app's only JSON body parser (bootstrap.ts registers it for application/json): it refuses
 * a body nested deeper than MAX_JSON_DEPTH before parsing it, so nothing downstream ever holds
 * one, then parses with Fastify's own parser (which refuses `__proto__` and
 * `constructor.prototype`), then refuses unpaired surrogates in any key or string.
 */
export function registerJsonBodyParser(instance: FastifyInstance): void {
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text: string, done) => {
    if (exceedsDepth(text, MAX_JSON_DEPTH)) {
      done(
        invalidBody(
          `The JSON body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
          `must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, (error, body) => {
      if (error) return done(error, undefined);
      const errors = malformedStrings(body);
      if (errors.length > 0) {
        return done(new BadRequestException({ message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }), undefined);
      }
      done(null, body);
    });
  });
}

/** A UTF-16 surrogate without its other half: no character at all, and not valid UTF-8 to store or mail. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every key and string of a parsed body that holds an unpaired surrogate, by its path
 * (`buyer.name`, `items[0].goodsName`; `body` for the body itself). JSON allows them as
 * `\ud800` escapes, but string checks downstream throw on them (the email check's `encodeURI`
 * throws URIError: a 500), so they are refused where they enter. Recursive: the depth is bounded by now.
 */
export function malformedStrings(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (value: unknown, path: string): void => {
    if (errors.length >= MAX_ERRORS) return;
    if (typeof value === 'string') {
      if (UNPAIRED_SURROGATE.test(value)) errors.push({ field: path || 'body', message: 'must not hold an unpaired UTF-16 surrogate (\\ud800-\\udfff)' });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const field = fieldPath(path, key);
        if (UNPAIRED_SURROGATE.test(key)) {
          errors.push({ field, message: 'is a key that holds an unpaired UTF-16 surrogate (\\ud800-\\udfff)' });
        } else visit(item, field);
      }
    }
  };
  visit(body, '');
  return errors.slice(0, MAX_ERRORS);
}

/** The path of a key under its parent, as errors name fields; lone surrogates shown as U+FFFD. */
export function fieldPath(parent: string, key: string): string {
  const name = key.replace(new RegExp(UNPAIRED_SURROGATE.source, 'g'), '\uFFFD');
  return parent ? `${parent}.${name}` : name;
}

/**
 * Whether the text opens more than `limit` objects and arrays at once: one pass over the
 * characters, no recursion, skipping strings (and the character after each backslash in them).
 * Exact for valid JSON; on invalid JSON its answer does not matter, as the parser refuses it.
 */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function invalidBody(message: string, fieldMessage: string): BadRequestException {
  const errors: FieldError[] = [{ field: 'body', message: fieldMessage }];
  return new BadRequestException({ message, errors });
}
