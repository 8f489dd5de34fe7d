import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { FieldError } from './problem';
import { unsafeInputErrors } from './unsafe-input';

/**
 * How deep a JSON body may nest objects and arrays. An application body nests about 4 levels
 * (body → items → item → value) and a draft is whatever object a front end saves, so 64 leaves
 * room for any form; thousands of levels only serve to overflow the stack of whatever walks the
 * body next (class-transformer, class-validator, the canonical JSON of the idempotency hash).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The app's only JSON body parser (bootstrap.ts registers it for application/json). It refuses
 * a body nested deeper than MAX_JSON_DEPTH before parsing it, so nothing downstream ever holds
 * one; parses; and refuses unpaired surrogates and inherited names as keys (unsafe-input.ts)
 * before the body leaves it.
 *
 * Fastify's parser runs without its own poisoning checks: like secure-json-parse, we scan what
 * JSON.parse built (which makes `__proto__` an own key, never the prototype), but refuse
 * `__proto__`, `constructor` and `prototype` at any depth, naming the field as the whitelist
 * does, instead of answering that the body is not JSON.
 */
export function registerJsonBodyParser(instance: FastifyInstance): void {
  const parseJson = instance.getDefaultJsonParser('ignore', 'ignore');
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
      const errors = unsafeInputErrors(body);
      if (errors.length > 0) {
        return done(new BadRequestException({ message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }), undefined);
      }
      done(null, body);
    });
  });
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
