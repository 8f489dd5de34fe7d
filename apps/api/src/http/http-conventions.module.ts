import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IdempotencyGuard } from './idempotency.interceptor';
import { MultipartFormGuard } from './multipart-form';
import { ReadYourWritesGuard } from './read-your-writes.interceptor';

/**
 * api.md's conventions for every route: `?after=` on queries (read-your-writes), JSON bodies but
 * on upload routes (multipart-form.ts), and `Idempotency-Key` on commands. Guards, registered after the access guard (import this module
 * after AuthModule); the idempotency answer is recorded by IdempotencyGuard.onSend (bootstrap.ts).
 */
@Module({
  providers: [
    ReadYourWritesGuard,
    MultipartFormGuard,
    IdempotencyGuard,
    { provide: APP_GUARD, useExisting: ReadYourWritesGuard },
    // Before the idempotency guard, which leaves a form's key for its upload route to claim.
    { provide: APP_GUARD, useExisting: MultipartFormGuard },
    { provide: APP_GUARD, useExisting: IdempotencyGuard },
  ],
  exports: [IdempotencyGuard],
})
export class HttpConventionsModule {}
