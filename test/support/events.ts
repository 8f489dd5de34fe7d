import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@shtc/event-store';

export const testActor = { accountId: 'acc-test', role: 'APPLICANT', businessId: '12345678' };

/** A new event with complete metadata, for adapter and runner tests. */
export function newEvent(type: string, data: unknown, occurredAt = new Date().toISOString()): NewEvent {
  const eventId = randomUUID();
  return {
    type,
    data,
    metadata: {
      eventId,
      occurredAt,
      actor: testActor,
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
    },
  };
}

export function uniquePrefix(label: string): string {
  return `${label}${randomUUID().slice(0, 8)}`;
}
