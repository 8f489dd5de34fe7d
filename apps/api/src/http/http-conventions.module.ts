import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IdempotencyGuard } from './idempotency.interceptor';
import { ReadYourWritesGuard } from './read-your-writes.interceptor';

/**
 * api.md's conventions for every route: `?after=` on queries (read-your-writes) and
 * `Idempotency-Key` on commands. Guards, registered after the access guard (import this module
 * after AuthModule); the idempotency answer is recorded by IdempotencyGuard.onSend (bootstrap.ts).
 */
@Module({
  providers: [
    ReadYourWritesGuard,
    IdempotencyGuard,
    { provide: APP_GUARD, useExisting: ReadYourWritesGuard },
    { provide: APP_GUARD, useExisting: IdempotencyGuard },
  ],
  exports: [IdempotencyGuard],
})
export class HttpConventionsModule {}
