import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { foldStream } from '@shtc/commands';
import { STATUS_ZH, allowedActions, type Side } from '@shtc/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@shtc/event-store';
import { CASE_KIND, type CaseKind } from '../../applications/cases';
import { noSuchCase } from '../audit-refusals';

/** An instant with its offset: a date alone, or a time without an offset, would mean different moments in Taipei and UTC. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = 'asOf must be a date and time with its offset, such as 2026-12-30T09:00:00+08:00 or 2026-12-30T01:00:00Z';

export class CaseStateQuery {
  @ApiPropertyOptional({ example: '2026-12-30T09:00:00+08:00', description: 'the case as it stood at this instant (every event recorded by then)' })
  // An unencoded `+` of an offset reaches us as a space: read it as the `+` it was.
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value))
  @IsOptional() @Matches(INSTANT, { message: INSTANT_MESSAGE }) asOf?: string;
  @ApiPropertyOptional({ example: 3, description: 'the case as it stood after the event of this revision (0 is the first)' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'revision must be a revision of the case: 0, 1, 2 …' }) @Min(0, { message: 'revision must be 0 or more' }) revision?: number;
}

const SIDES: readonly Side[] = ['APPLICANT', 'REVIEWER', 'OPERATOR'];

/**
 * The case as the system believed it at a moment (issue 11 item 3): its events up to a revision,
 * or up to an instant, folded by the same codec and decider the commands fold it with
 * (`foldStream`, CASE_KIND), and the actions the transition table opened then for each side.
 * Those are the actions open to anyone on that side: rules about one person (the case is another
 * reviewer's, R-REV-3's four eyes) are not applied, since no one is asking. GET
 * /audit/cases/:caseNo/state answers it; the console's "state as of" control shows it.
 */
@Injectable()
export class CaseStates {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CASE_KIND) private readonly kind: CaseKind,
  ) {}

  async state(caseNo: string, query: CaseStateQuery) {
    const asOf = instantOf(query);
    const history = await this.events.readStream(this.kind.codec.streamOf(caseNo));
    if (history.length === 0) throw noSuchCase(caseNo);
    const folded = asOf === null ? upToRevision(history, query.revision!) : upToInstant(history, asOf);
    const { state, revision, position } = foldStream(this.kind, caseNo, folded);
    const last = folded.at(-1);
    return {
      caseNo,
      asOf: asOf === null ? null : new Date(asOf).toISOString(),
      revision,
      position: last ? position.toString() : null,
      occurredAt: last?.metadata.occurredAt ?? null,
      eventsFolded: folded.length,
      eventsAfter: history.length - folded.length,
      // NONE: the case was not yet registered then.
      status: state.status,
      statusZh: state.status === 'NONE' ? null : STATUS_ZH[state.status],
      allowedActions: Object.fromEntries(SIDES.map((side) => [side, allowedActions(state, side)])),
      case: state.status === 'NONE' ? null : state,
    };
  }
}

/** The instant asked for in milliseconds, or null when a revision was; 400 naming the field otherwise. */
function instantOf(query: CaseStateQuery): number | null {
  if (query.asOf !== undefined && query.revision !== undefined) throw invalid('revision', 'give asOf or revision, not both');
  if (query.revision !== undefined) return null;
  if (query.asOf === undefined) throw invalid('asOf', 'asOf (an instant) or revision (a number) is required');
  const instant = Date.parse(query.asOf);
  if (Number.isNaN(instant)) throw invalid('asOf', INSTANT_MESSAGE);
  return instant;
}

function upToRevision(history: RecordedEvent[], revision: number): RecordedEvent[] {
  const last = history[history.length - 1].revision;
  if (revision > last) throw invalid('revision', `the case has revisions 0 to ${last}`);
  return history.slice(0, revision + 1);
}

/**
 * The events recorded by that instant: the stream up to the first event recorded after it. A
 * prefix, not a filter, because the system at that moment had every earlier event of the stream.
 */
function upToInstant(history: RecordedEvent[], instant: number): RecordedEvent[] {
  const after = history.findIndex((event) => Date.parse(event.metadata.occurredAt) > instant);
  return after < 0 ? history : history.slice(0, after);
}

function invalid(field: string, message: string): BadRequestException {
  return new BadRequestException({ message, errors: [{ field, message }] });
}
