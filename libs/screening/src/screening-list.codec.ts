import { eventCodec, type Actor } from '@shtc/domain';
import type { ListEntry } from './screening-list';

/**
 * A list loaded by an operator, whole, in its `screening-list-<source>` stream: one event per
 * load, so an auditor sees every version a case could have been screened against (the case's
 * `PartiesScreened.lists` names `source@listDate#sha256-prefix`). The last one is the list now.
 */
export interface ScreeningListLoaded {
  type: 'ScreeningListLoaded';
  data: {
    source: string;
    listDate: string;
    /** sha256 of the file loaded: the file an auditor holds can be checked against it. */
    fileSha256: string;
    fileName: string | null;
    entryCount: number;
    entries: ListEntry[];
    loadedAt: string;
    by: Actor;
  };
}

export type ScreeningListEvent = ScreeningListLoaded;

export const screeningListCodec = eventCodec<ScreeningListEvent>({
  category: 'screening-list',
  versions: { ScreeningListLoaded: 1 },
});

/**
 * The catalogue of lists, one small event per load naming the list stream's revision: readers
 * learn that a list changed by reading this one stream from the revision they know (a cheap
 * check), and fetch only the list that changed.
 */
export interface ScreeningListPublished {
  type: 'ScreeningListPublished';
  data: { source: string; listDate: string; fileSha256: string; entryCount: number; listRevision: number; publishedAt: string };
}

export type ScreeningCatalogueEvent = ScreeningListPublished;

/** The one catalogue stream is `screening-lists-catalogue`. */
export const screeningCatalogueCodec = eventCodec<ScreeningCatalogueEvent>({
  category: 'screening-lists',
  versions: { ScreeningListPublished: 1 },
});
export const CATALOGUE_ID = 'catalogue';
