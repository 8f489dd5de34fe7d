import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem';

/**
 * class-validator with whitelist and unknown fields forbidden. Each failed constraint becomes
 * `{ field, message, rule }`; a decorator names its rule with `context: { rule: 'R-FORM-1' }`.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new BadRequestException({
        message: fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
        rule: fieldErrors.find((e) => e.rule)?.rule,
        errors: fieldErrors,
      });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => {
      const rule = (error.contexts?.[constraint] as { rule?: string } | undefined)?.rule;
      return {
        field,
        message: constraint === 'whitelistValidation' ? `${field} is not a field of this request` : message,
        ...(rule ? { rule } : {}),
      };
    });
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
