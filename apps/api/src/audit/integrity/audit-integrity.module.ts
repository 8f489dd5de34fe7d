import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller';

/** GET /audit/integrity, apart from the other audit routes: it needs nothing but the event store and the clock. */
@Module({ controllers: [IntegrityController] })
export class AuditIntegrityModule {}
