import { HttpException } from '@nestjs/common';
import { toUploadError, type StagedFile } from '@shtc/attachments';
import { RefusalError } from '@shtc/domain';
import { WrongExpectedRevisionError } from '@shtc/event-store';
import { ReplayedResponse } from './problem';

/**
 * Settles an uploaded file around the command that references it: `refuse` may still refuse the
 * upload (before anything is stored); then the file is committed into the store, `append`
 * appends the event that references it, and the file is kept. When either refuses, the file is
 * discarded, so nothing unreferenced stays (a copy another upload holds or kept stays).
 *
 * An error that does not say the event was not appended (a lost connection to the event store
 * may hide a commit) keeps the file instead: an unreferenced copy is better than an event
 * pointing at nothing.
 */
export async function appendWithStagedFile<T>(staged: StagedFile, refuse: () => Promise<void> | void, append: () => Promise<T>): Promise<T> {
  try {
    await refuse();
    await staged.commit();
  } catch (error) {
    await staged.discard().catch(() => undefined); // a failed discard leaves at worst what a sweep or nobody needs
    throw error;
  }
  let result: T;
  try {
    result = await append();
  } catch (error) {
    await (refused(error) ? staged.discard() : staged.keep()).catch(() => undefined);
    throw error;
  }
  // The event references the file now; a keep that fails leaves it held, which no discard removes.
  await staged.keep().catch(() => undefined);
  return result;
}

/** Errors after which the event is certainly not appended. */
function refused(error: unknown): boolean {
  return (
    error instanceof RefusalError ||
    error instanceof WrongExpectedRevisionError ||
    error instanceof HttpException ||
    error instanceof ReplayedResponse ||
    toUploadError(error) !== null
  );
}
