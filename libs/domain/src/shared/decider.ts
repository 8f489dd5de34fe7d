import type { Refusal } from './refusal';

/** What a decider answers: the events that happen, or the rule that refuses. */
export type Decision<E> = readonly E[] | Refusal;

/**
 * The decider triple (architecture.md item 1): pure, no I/O, no clock reads — time comes in
 * the command. `evolve` never throws: events are facts.
 */
export interface Decider<C, E, S> {
  initialState: S;
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
}

export function fold<E, S>(decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>, events: readonly E[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}

/**
 * The end of every `switch` over a union of commands or events: a member not handled above
 * makes this call a compile error, so a new command or event cannot be forgotten.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
