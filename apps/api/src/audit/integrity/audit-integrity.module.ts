import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller';
import { IntegrityCheck } from './integrity-check';

/** GET /audit/integrity, apart from the other audit routes: it needs nothing but the event store and the clock. */
@Module({ controllers: [IntegrityController], providers: [IntegrityCheck], exports: [IntegrityCheck] })
export class AuditIntegrityModule {}
