import { Controller, UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { validationPipe } from '../../http/validation';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { ConsoleCsrfGuard } from './csrf';

/**
 * A controller of the console's pages under `/console/<path>`: errors as pages, every POST's
 * form token checked, and out of the API's OpenAPI document (these are pages, not the API).
 * Each route still declares who may call it (@Public, @SignedInOnly, @Roles), and the app's
 * access guard checks it as it does for the API.
 */
export const ConsoleController = (path = '') =>
  applyDecorators(Controller(path ? `console/${path}` : 'console'), UseFilters(ConsoleErrorsFilter), UseGuards(ConsoleCsrfGuard), ApiExcludeController());

const pipe = validationPipe();

/**
 * A form's fields as the API's request DTO of the same command, checked by the same validation
 * the API runs on its JSON bodies (400 naming each field): one set of checks for both.
 */
export async function validated<T extends object>(dto: new () => T, body: object): Promise<T> {
  return (await pipe.transform(body, { type: 'body', metatype: dto })) as T;
}
