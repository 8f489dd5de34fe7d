import { createHash } from 'node:crypto';
import type { Application, Screening, ScreenedParty, ScreeningHit } from '@shtc/domain';
import type { ScreeningIndex } from './list-index';

/** The names screened for one party: the end user's Chinese name (R-FORM-3) counts too. */
export function partyNames(application: Pick<Application, 'buyer' | 'consignee' | 'endUser'>): Array<{ party: ScreenedParty; name: string }> {
  const names: Array<{ party: ScreenedParty; name: string }> = [{ party: 'BUYER', name: application.buyer.name }];
  if (!('sameAsBuyer' in application.consignee)) names.push({ party: 'CONSIGNEE', name: application.consignee.name });
  names.push({ party: 'END_USER', name: application.endUser.name });
  if (application.endUser.nameZh) names.push({ party: 'END_USER', name: application.endUser.nameZh });
  return names;
}

/** Stable for one party and one list entry: screening the case again finds the same hit, not a new one. */
export function hitIdOf(party: ScreenedParty, source: string, listEntryId: string): string {
  return createHash('sha256').update(`${party}\n${source}\n${listEntryId}`).digest('hex').slice(0, 20);
}

/**
 * R-REV-7: every party of the application against the loaded lists. Each matching party is its
 * own hit, one per listed entry (the best of the party's names against the best of the entry's).
 */
export function screenApplication(application: Pick<Application, 'buyer' | 'consignee' | 'endUser'>, index: ScreeningIndex): Screening {
  const hits = new Map<string, ScreeningHit>();
  for (const { party, name } of partyNames(application)) {
    for (const match of index.match(name)) {
      const hitId = hitIdOf(party, match.source, match.entry.entryId);
      const known = hits.get(hitId);
      if (known && known.score >= match.score) continue;
      hits.set(hitId, { hitId, party, name, listedName: match.listedName, source: match.source, listEntryId: match.entry.entryId, score: match.score });
    }
  }
  return { lists: index.lists, hits: [...hits.values()] };
}
