import { Injectable, SetMetadata, UnsupportedMediaTypeException, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

const MULTIPART_FORM = 'shtc:multipart-form';

/** A route that reads a multipart/form-data upload itself (receiveUpload, receiveSheet), and says so in the document. */
export const MultipartForm = () => applyDecorators(SetMetadata(MULTIPART_FORM, true), ApiConsumes('multipart/form-data'));

/**
 * The API takes JSON, and multipart/form-data only on the routes that upload a file. @fastify/multipart
 * accepts a form on every route without reading it, so a JSON command sent as a form ran with an
 * empty body (a claim, an approval without its note), and the Idempotency-Key of such a request,
 * left for an upload route to claim, was never claimed: every retry ran again. 415, as a
 * form-urlencoded body already is. After the access guard: 401 and 403 come first.
 */
@Injectable()
export class MultipartFormGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.isMultipart?.() || this.reflector.get<boolean>(MULTIPART_FORM, context.getHandler())) return true;
    throw new UnsupportedMediaTypeException({
      message: 'This route takes a JSON body (application/json); multipart/form-data is for uploading a file',
      errors: [{ field: 'Content-Type', message: 'must be application/json' }],
    });
  }
}
