import type { Decider } from '../shared/decider';
import { fold } from '../shared/decider';
import { isRefusal } from '../shared/refusal';

/**
 * given(events).when(command).then(events) specs (oskardudycz/EventSourcing.NodeJS):
 * the decider is folded over the given events, asked to decide, and its answer checked.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given: (events: readonly E[]) => ({
      when: (command: C) => {
        const decision = decider.decide(command, fold(decider, events));
        return {
          then: (expected: readonly E[]) => {
            if (isRefusal(decision)) throw new Error(`Expected events, got a refusal: ${decision.rule} ${decision.message}`);
            expect(decision).toEqual(expected);
          },
          /** `field`: one of the refused fields is that one. */
          thenRefuses: (rule: string, expected: { kind?: string; field?: string } = {}) => {
            if (!isRefusal(decision)) throw new Error(`Expected a refusal by ${rule}, got ${JSON.stringify(decision)}`);
            const { field, ...rest } = expected;
            expect({ rule: decision.rule, ...pick(decision, rest) }).toEqual({ rule, ...rest });
            if (field !== undefined) expect(decision.issues.map((issue) => issue.field)).toContain(field);
          },
        };
      },
    }),
  };
}

function pick(value: object, keys: object): object {
  return Object.fromEntries(Object.keys(keys).map((key) => [key, (value as Record<string, unknown>)[key]]));
}
