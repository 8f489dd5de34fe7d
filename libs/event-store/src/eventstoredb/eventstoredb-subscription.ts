import type { AllStreamResolvedEvent, EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent } from '../envelope';
import type { SubscribeOptions } from '../event-store.port';
import { ignore, sleep } from './eventstoredb-async';
import {
  isRetriable,
  isSystemEvent,
  positionOf,
  readPositionAfter,
  backoffDelay,
  toRecordedEvent,
} from './eventstoredb-mapping';

/** What the subscription loop needs from the store that owns it. */
export interface SubscriptionHost {
  readonly client: EventStoreDBClient;
  /** Whether the store has been closed: a closed store's subscriptions end. */
  isClosed(): boolean;
  /** Aborted when the store closes: wakes subscriptions that are waiting to resubscribe. */
  readonly lifetime: AbortSignal;
  /** The subscriptions open at the moment; the store destroys them when it closes. */
  readonly liveSubscriptions: Set<{ destroy(): void }>;
  /** First delay before resubscribing after a dropped subscription. */
  readonly resubscribeMinDelayMs: number;
  /** The delay doubles per consecutive failure up to this bound. */
  readonly resubscribeMaxDelayMs: number;
}

/*
 * Subscribing
 * -----------
 * A catch-up subscription to $all from the last delivered position. When it drops (server
 * restart, leader change, network), it is opened again from the last position seen after a delay
 * of 100 ms doubling to 5 s; the delay starts over once a subscription delivers again. Events at
 * or before the last position are dropped, so a resubscription neither loses nor repeats one.
 * Errors that retrying cannot cure (access denied, invalid argument, unsupported) end the
 * iteration with that error. Aborting the signal, or closing the store, unsubscribes and ends
 * the iteration.
 */
export async function* subscribeToAllResubscribing(
  host: SubscriptionHost,
  options: SubscribeOptions,
): AsyncGenerator<RecordedEvent> {
  const { signal } = options;
  let last = options.after;
  let failures = 0;
  const stopped = () => Boolean(signal?.aborted) || host.isClosed();
  while (!stopped()) {
    const subscription = host.client.subscribeToAll({ fromPosition: readPositionAfter(last) });
    const openedAt = Date.now();
    const stop = () => {
      subscription.unsubscribe().catch(ignore);
      subscription.destroy();
    };
    signal?.addEventListener('abort', stop, { once: true });
    host.liveSubscriptions.add(subscription);
    let failure: unknown;
    try {
      for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
        const event = resolved.event;
        if (!event) continue;
        const position = positionOf(event.position);
        if (last !== undefined && position <= last) continue;
        // System events advance the resume point too: they are never delivered anyway.
        last = position;
        failures = 0;
        if (isSystemEvent(event.streamId, event.type)) continue;
        yield toRecordedEvent(event, position);
        if (stopped()) return;
      }
    } catch (error) {
      failure = error;
    } finally {
      signal?.removeEventListener('abort', stop);
      host.liveSubscriptions.delete(subscription);
      // A cancelled gRPC call may still report an error: nobody listens any more.
      subscription.on('error', ignore);
      await subscription.unsubscribe().catch(ignore);
      subscription.destroy();
    }
    if (stopped()) return;
    if (failure !== undefined && !isRetriable(failure)) throw failure;
    // A subscription that stayed up longer than the longest delay counts as healthy.
    if (Date.now() - openedAt > host.resubscribeMaxDelayMs) failures = 0;
    await sleep(
      backoffDelay(failures++, host.resubscribeMinDelayMs, host.resubscribeMaxDelayMs),
      signal,
      host.lifetime,
    );
  }
}
