import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  AccessDeniedError,
  DeadlineExceededError,
  NotLeaderError,
  StreamDeletedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError, type ExpectedRevision } from '../event-store.port';
import {
  allPosition,
  answerMayHaveBeenLost,
  appendRevisionFor,
  checkExpectedRevision,
  fromCurrentRevision,
  isRetriable,
  isStreamNotFound,
  isSystemEvent,
  isWrongExpectedVersion,
  positionOrUndefined,
  readPositionAfter,
  backoffDelay,
  toClientExpectedRevision,
  toRecordedEvent,
  toWrongExpectedRevisionError,
} from './eventstoredb-mapping';

/** NotLeaderError as the client builds it from the server's answer, which names the leader. */
const notLeader = () =>
  new NotLeaderError({
    code: 5,
    details: 'Leader info available',
    metadata: { getMap: () => ({ 'leader-endpoint-host': 'node-b', 'leader-endpoint-port': '2113' }) },
  } as never);

describe('EventStoreDB adapter mappings', () => {
  it('maps each expected-revision form to the client', () => {
    expect(toClientExpectedRevision('any')).toBe(ANY);
    expect(toClientExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toClientExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toClientExpectedRevision(0)).toBe(0n);
    expect(toClientExpectedRevision(41)).toBe(41n);
    expect(() => toClientExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toClientExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('appends with exactly the revision it read', () => {
    expect(appendRevisionFor('no_stream')).toBe(NO_STREAM);
    expect(appendRevisionFor(7)).toBe(7n);
  });

  it('checks an expectation against the revision read, as the SQLite adapter does', () => {
    const ok: Array<[ExpectedRevision, number | 'no_stream']> = [
      ['any', 'no_stream'],
      ['any', 3],
      ['no_stream', 'no_stream'],
      ['stream_exists', 0],
      [2, 2],
    ];
    for (const [expected, current] of ok) expect(() => checkExpectedRevision('s', expected, current)).not.toThrow();
    const refused: Array<[ExpectedRevision, number | 'no_stream']> = [
      ['no_stream', 0],
      ['stream_exists', 'no_stream'],
      [0, 'no_stream'],
      [1, 2],
    ];
    for (const [expected, current] of refused) {
      let caught: unknown;
      try {
        checkExpectedRevision('s', expected, current);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(WrongExpectedRevisionError);
      expect(caught).toMatchObject({ stream: 's', expected, actual: current });
    }
  });

  it("maps the client's WrongExpectedVersionError to ours", () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 'case-1', expected: 1n, current: 2n });
    expect(isWrongExpectedVersion(conflict)).toBe(true);
    const ours = toWrongExpectedRevisionError(conflict, 'case-1', 1);
    expect(ours).toBeInstanceOf(WrongExpectedRevisionError);
    expect(ours).toMatchObject({ name: 'WrongExpectedRevisionError', stream: 'case-1', expected: 1, actual: 2 });

    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'account-1',
      expected: STREAM_EXISTS,
      current: 'no_stream',
    });
    expect(toWrongExpectedRevisionError(missing, 'account-1', 'stream_exists').actual).toBe('no_stream');
    expect(fromCurrentRevision(-1n)).toBe('no_stream');
    expect(fromCurrentRevision(undefined)).toBe('no_stream');
    expect(fromCurrentRevision(0n)).toBe(0);
    expect(isWrongExpectedVersion(new Error('other'))).toBe(false);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'case-1'))).toBe(true);
    expect(isStreamNotFound(new Error('x'))).toBe(false);
  });

  it('uses the commit position as the port position, and nothing for an absent one', () => {
    expect(positionOrUndefined({ commit: 1234n, prepare: 1234n })).toBe(1234n);
    expect(positionOrUndefined(undefined)).toBeUndefined();
    expect(positionOrUndefined({ commit: (1n << 64n) - 1n, prepare: (1n << 64n) - 1n })).toBeUndefined();
    expect(positionOrUndefined({ commit: -1n, prepare: -1n })).toBeUndefined();
  });

  it('resumes strictly after a stored position from {commit: p, prepare: p}, or from the start', () => {
    expect(readPositionAfter(undefined)).toBe(START);
    expect(readPositionAfter(0n)).toBe(START);
    expect(readPositionAfter(987n)).toEqual({ commit: 987n, prepare: 987n });
    expect(allPosition(5n)).toEqual({ commit: 5n, prepare: 5n });
  });

  it('filters system streams and system event types', () => {
    expect(isSystemEvent('$ce-case', '$>')).toBe(true);
    expect(isSystemEvent('$$case-1', '$metadata')).toBe(true);
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(true);
    expect(isSystemEvent('case-1', '$>')).toBe(true);
    expect(isSystemEvent('case-1', 'CaseOpened')).toBe(false);
  });

  it('backs off from 100 ms doubling to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffDelay(n))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  it('resubscribes after transport failures, not after refusals', () => {
    expect(isRetriable(new UnavailableError(undefined, 'down'))).toBe(true);
    expect(isRetriable(Object.assign(new Error('grpc'), { code: 14 }))).toBe(true);
    expect(isRetriable(new AccessDeniedError())).toBe(false);
    expect(isRetriable(new TypeError('bug'))).toBe(false);
  });

  it('takes a deadline, a lost connection or a leader change as an answer that may have been lost, never a refusal', () => {
    expect(answerMayHaveBeenLost(new DeadlineExceededError())).toBe(true);
    expect(answerMayHaveBeenLost(new UnavailableError(undefined, 'down'))).toBe(true);
    expect(answerMayHaveBeenLost(notLeader())).toBe(true);
    expect(answerMayHaveBeenLost(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }))).toBe(true);
    expect(answerMayHaveBeenLost(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n }))).toBe(false);
    expect(answerMayHaveBeenLost(StreamDeletedError.fromStreamName('s'))).toBe(false);
    expect(answerMayHaveBeenLost(new AccessDeniedError())).toBe(false);
    expect(answerMayHaveBeenLost(new TypeError('bug'))).toBe(false);
  });

  it('converts a recorded event, decoding bytes of events not flagged as JSON', () => {
    const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));
    const event = toRecordedEvent(
      { streamId: 'case-1', revision: 3n, type: 'A', data: bytes({ a: 1 }), metadata: bytes({ hash: 'h' }), isJson: false },
      99n,
    );
    expect(event).toEqual({ stream: 'case-1', revision: 3, position: 99n, type: 'A', data: { a: 1 }, metadata: { hash: 'h' } });
  });
});
