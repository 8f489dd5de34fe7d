import { OUTBOX_CONCURRENCY } from '@shtc/notifications';
/**
 * The status-change mail the log calls for (R-NOTE-1: one per case event that changes the
 * status, its Message-ID the event id) against what the SMTP sink received.
 */
import { caseCodec, statusAfter } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import { messageIdHeader } from '@shtc/notifications';
import type { ReceivedMail } from '../../support/smtp-sink';

export function expectedMessageIds(log: RecordedEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const recorded of log) {
    if (!caseCodec.owns(recorded.stream)) continue;
    const event = caseCodec.decode(recorded);
    if (event && statusAfter(event)) ids.add(messageIdHeader(recorded.metadata.eventId));
  }
  return ids;
}

export function messageIdOf(mail: ReceivedMail): string | null {
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(mail.raw)?.[1] ?? null;
}

export interface MailTally {
  expected: number;
  received: number;
  /** Expected and never received. */
  missing: string[];
  /** Received and not called for by any event in the log. */
  unexpected: string[];
  /** Message-IDs received more than once, with how often. */
  duplicates: Array<{ messageId: string; times: number }>;
}

export function tallyMail(expected: Set<string>, received: ReceivedMail[]): MailTally {
  const times = new Map<string, number>();
  const unexpected: string[] = [];
  for (const mail of received) {
    const id = messageIdOf(mail) ?? '(no Message-ID)';
    times.set(id, (times.get(id) ?? 0) + 1);
    if (!expected.has(id)) unexpected.push(id);
  }
  return {
    expected: expected.size,
    received: received.length,
    missing: [...expected].filter((id) => !times.has(id)),
    unexpected,
    duplicates: [...times].filter(([, n]) => n > 1).map(([messageId, n]) => ({ messageId, times: n })),
  };
}

/**
 * Repeats a kill does not explain. The sender has at most OUTBOX_CONCURRENCY messages in the
 * SMTP server's hands at once and marks each SENT after the server accepted it, so the messages
 * a kill can leave accepted and unmarked are among the last that many the sink received from
 * that process: each repeated message's first copy must be one of them (or, delivered while the
 * kill was under way, the next) before some kill. `receivedAtKills` is how many messages the
 * sink held when each kill had ended.
 */
export function repeatsOutsideKillWindow(received: ReceivedMail[], duplicates: MailTally['duplicates'], receivedAtKills: number[]): string[] {
  return duplicates
    .map(({ messageId }) => ({ messageId, first: received.findIndex((mail) => messageIdOf(mail) === messageId) }))
    .filter(({ first }) => !receivedAtKills.some((count) => first >= count - OUTBOX_CONCURRENCY && first <= count))
    .map(({ messageId, first }) => `${messageId} first received as message ${first + 1}, not next to a kill (${receivedAtKills.join(', ')})`);
}
