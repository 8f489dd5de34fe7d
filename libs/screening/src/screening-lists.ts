import { encode, type CommandContext } from '@shtc/commands';
import { NO_STREAM, WrongExpectedRevisionError, type EventStore } from '@shtc/event-store';
import { ScreeningIndex } from './list-index';
import { listLabel, type ScreeningListVersion } from './screening-list';
import {
  CATALOGUE_ID,
  screeningCatalogueCodec,
  screeningListCodec,
  type ScreeningListLoaded,
  type ScreeningListPublished,
} from './screening-list.codec';

export interface LoadedList {
  label: string;
  /** False when this very file was the list already: nothing was appended to its stream. */
  changed: boolean;
  entryCount: number;
  /** Position of the last event the load appended (or of the list's last one when nothing changed). */
  position: bigint;
}

const ATTEMPTS = 5;

/**
 * The screening lists as the event store has them (R-REV-7), compiled for matching. Every
 * process (API, CLI) keeps its own compiled copy and, before screening, reads the catalogue
 * stream from the revision it knows: when another process loaded a list meanwhile, it fetches
 * that list's last version and compiles again. No restart, and one indexed read when nothing changed.
 */
export class ScreeningLists {
  private catalogueRevision = -1;
  private readonly published = new Map<string, ScreeningListPublished['data']>();
  private readonly versions = new Map<string, ScreeningListVersion>();
  private index: ScreeningIndex | null = null;
  private refreshing: Promise<ScreeningIndex | null> | null = null;

  constructor(private readonly events: EventStore) {}

  /** The lists loaded now, compiled; null when none is loaded. */
  async current(): Promise<ScreeningIndex | null> {
    // Concurrent callers share one refresh.
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * Loads a list version, replacing the previous one of its source: appended to
   * `screening-list-<source>` (unless this very file is its last version), then published in
   * the catalogue. A load interrupted between the two is completed by loading the file again.
   */
  async load(version: ScreeningListVersion, fileName: string | null, context: CommandContext): Promise<LoadedList> {
    const stream = screeningListCodec.streamOf(version.source);
    const history = await this.events.readStream(stream);
    const last = history.at(-1);
    let listRevision = last?.revision ?? -1;
    let position = last?.position ?? 0n;
    const changed = !last || (last.data as ScreeningListLoaded['data']).fileSha256 !== version.fileSha256;
    if (changed) {
      const event: ScreeningListLoaded = {
        type: 'ScreeningListLoaded',
        data: { ...version, fileName, entryCount: version.entries.length, loadedAt: context.now.toISOString(), by: context.actor },
      };
      const appended = await this.events.append(stream, [encode(screeningListCodec, event, context)], listRevision < 0 ? NO_STREAM : listRevision);
      listRevision = appended.nextRevision;
      position = appended.position;
    }
    const publishedAt = await this.publish(version, listRevision, context);
    return { label: listLabel(version), changed, entryCount: version.entries.length, position: publishedAt ?? position };
  }

  /** Names the list stream's revision in the catalogue, unless it is named there already. */
  private async publish(version: ScreeningListVersion, listRevision: number, context: CommandContext): Promise<bigint | null> {
    const stream = screeningCatalogueCodec.streamOf(CATALOGUE_ID);
    for (let attempt = 1; ; attempt++) {
      const catalogue = await this.events.readStream(stream);
      const latest = catalogue.filter((event) => (event.data as ScreeningListPublished['data']).source === version.source).at(-1);
      if (latest && (latest.data as ScreeningListPublished['data']).listRevision === listRevision) return null;
      const event: ScreeningListPublished = {
        type: 'ScreeningListPublished',
        data: {
          source: version.source, listDate: version.listDate, fileSha256: version.fileSha256, entryCount: version.entries.length,
          listRevision, publishedAt: context.now.toISOString(),
        },
      };
      const expected = catalogue.at(-1)?.revision ?? NO_STREAM;
      try {
        return (await this.events.append(stream, [encode(screeningCatalogueCodec, event, context)], expected)).position;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async refresh(): Promise<ScreeningIndex | null> {
    const newer = await this.events.readStream(screeningCatalogueCodec.streamOf(CATALOGUE_ID), { fromRevision: this.catalogueRevision + 1 });
    if (newer.length === 0) return this.index;
    const changed = new Map<string, ScreeningListPublished['data']>();
    for (const recorded of newer) {
      const event = screeningCatalogueCodec.decode(recorded);
      if (event) changed.set(event.data.source, event.data);
    }
    for (const [source, publication] of changed) {
      if (this.published.get(source)?.listRevision === publication.listRevision) continue;
      const [recorded] = await this.events.readStream(screeningListCodec.streamOf(source), { fromRevision: publication.listRevision, toRevision: publication.listRevision });
      const event = recorded && screeningListCodec.decode(recorded);
      if (!event) throw new Error(`The catalogue names revision ${publication.listRevision} of screening-list-${source}, which cannot be read`);
      const { source: name, listDate, fileSha256, entries } = event.data;
      this.versions.set(source, { source: name, listDate, fileSha256, entries });
      this.published.set(source, publication);
    }
    this.index = new ScreeningIndex([...this.versions.values()]);
    this.catalogueRevision = newer.at(-1)!.revision;
    return this.index;
  }
}
