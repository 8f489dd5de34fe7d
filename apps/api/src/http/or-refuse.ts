import { RefusalError, isRefusal, type Decision } from '@shtc/domain';

/** Unwraps a decision for decideAndAppend: the events, or the refusal thrown for the HTTP filter. */
export function orRefuse<E>(decision: Decision<E>): readonly E[] {
  if (isRefusal(decision)) throw new RefusalError(decision);
  return decision;
}
