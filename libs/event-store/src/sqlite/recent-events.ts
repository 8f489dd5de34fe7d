import type { RecordedEvent } from '../envelope';
import { deepFreeze } from '@shtc/platform';

/** An event as stored: parsed (and frozen) the first time someone reads it. */
interface Entry {
  stream: string;
  revision: number;
  position: bigint;
  type: string;
  json?: { data: string; metadata: string };
  event?: RecordedEvent;
}

export type StoredEvent = Omit<Entry, 'event'>;

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
  private readonly byPosition = new Map<number, Entry>();
  private readonly byStream = new Map<string, Entry[]>();
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
      const entry = this.byPosition.get(position);
      if (!entry) break;
      found.push(materialize(entry));
    }
    return found;
  }

  /** The stream's first events (revision i at index i), as far as they are here. */
  stream(stream: string): RecordedEvent[] {
    const entries = this.byStream.get(stream);
    if (!entries) return [];
    // Least recently used goes first: move this one to the end.
    this.byStream.delete(stream);
    this.byStream.set(stream, entries);
    return entries.map(materialize);
  }

  /** Keeps events just read (parsed) or appended (their stored JSON, parsed when first read). */
  remember(events: Array<RecordedEvent | StoredEvent>): void {
    for (const event of events) {
      const entry: Entry = 'data' in event ? { ...event, event: deepFreeze(event) } : event;
      const position = Number(entry.position);
      this.byPosition.set(position, entry);
      if (position > this.highest) this.highest = position;
      let known = this.byStream.get(entry.stream);
      if (!known) {
        if (entry.revision !== 0) continue;
        this.byStream.set(entry.stream, (known = []));
      }
      if (entry.revision === known.length) known.push(entry);
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

function materialize(entry: Entry): RecordedEvent {
  if (!entry.event) {
    const { stream, revision, position, type, json } = entry;
    entry.event = deepFreeze({ stream, revision, position, type, data: JSON.parse(json!.data), metadata: JSON.parse(json!.metadata) });
    entry.json = undefined;
  }
  return entry.event;
}
