import { createHash } from 'node:crypto';
import type { RedFlagChecklist } from '@shtc/reference-data';

const versions = new WeakMap<RedFlagChecklist, string>();

/** A digest of the red-flag checklist's content, so an affidavit printed from a replaced list is a new document. */
export function checklistVersion(checklist: RedFlagChecklist): string {
  let version = versions.get(checklist);
  if (!version) {
    version = `checklist:${createHash('sha256').update(JSON.stringify(checklist)).digest('hex').slice(0, 12)}`;
    versions.set(checklist, version);
  }
  return version;
}
