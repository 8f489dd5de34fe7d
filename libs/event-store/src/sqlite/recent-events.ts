import type { RecordedEvent } from '../envelope';

/**
 * Events this process has recently appended or read, as recorded, so that they are parsed once:
 * every projection reads each new event (one subscription each), and a command reads its stream
 * again and again (an upload reads its case twice). They are frozen, because every reader gets the
 * same objects.
 *
 * Only what is certain is served: by position, a run of consecutive positions (a position is one
 * event forever, and positions have no gaps, so a missing one is read from the file); by stream,
 * revisions 0..n-1 (newer ones, maybe from another process, are read from the file each time).
 */
export class RecentEvents {
  private readonly byPosition = new Map<number, RecordedEvent>();
  private readonly byStream = new Map<string, RecordedEvent[]>();
  /** The highest position remembered: a run of events that reaches it is all this process knows of. */
  highest = 0;

  constructor(
    private readonly maxEvents = 4096,
    private readonly maxStreams = 1000,
  ) {}

  /** Events at positions after+1, after+2, … as long as they are here, at most `limit`. */
  after(after: number, limit: number): RecordedEvent[] {
    const found: RecordedEvent[] = [];
    for (let position = after + 1; found.length < limit; position++) {
      const event = this.byPosition.get(position);
      if (!event) break;
      found.push(event);
    }
    return found;
  }

  /** The stream's first events (revision i at index i), as far as they are here. */
  stream(stream: string): readonly RecordedEvent[] {
    const events = this.byStream.get(stream);
    if (!events) return [];
    // Least recently used goes first: move this one to the end.
    this.byStream.delete(stream);
    this.byStream.set(stream, events);
    return events;
  }

  /** Keeps events just read or appended (each frozen here). */
  remember(events: RecordedEvent[]): void {
    for (const event of events) {
      deepFreeze(event);
      const position = Number(event.position);
      this.byPosition.set(position, event);
      if (position > this.highest) this.highest = position;
      let known = this.byStream.get(event.stream);
      if (!known) {
        if (event.revision !== 0) continue;
        this.byStream.set(event.stream, (known = []));
      }
      if (event.revision === known.length) known.push(event);
    }
    for (const position of this.byPosition.keys()) {
      if (this.byPosition.size <= this.maxEvents) break;
      this.byPosition.delete(position);
    }
    for (const stream of this.byStream.keys()) {
      if (this.byStream.size <= this.maxStreams) break;
      this.byStream.delete(stream);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
