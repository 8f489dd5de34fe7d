import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { HIT_DISPOSITIONS, RefusalError, checkReason, refuse, refuseAll, type HitDisposition, type RecordedHit } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { OnCase } from '../../applications/cases';
import { commandContext } from '../../http/command-context';
import type { Caller } from '../decisions/review-decisions';
import type { DisposeScreeningHitDto } from './screening.controller';

/** What a reviewer sees of a hit: the screening's finding and the reviewer's record of it. */
export function hitView(hit: RecordedHit) {
  const { hitId, party, name, listedName, source, score, disposition, reason } = hit;
  return { hitId, party, name, listedName, source, score, disposition, reason };
}

/** R-REV-7: a reviewer's record of a screening hit as a true or a false match, for the API and the console. */
@Injectable()
export class ScreeningDispositions {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async dispose(caseNo: string, hitId: string, dto: DisposeScreeningHitDto, { account, request }: Caller) {
    const disposition = dto.disposition as HitDisposition;
    const reason = checkReason(dto.reason, 'reason', 'R-REV-7');
    const issues = reason.ok ? [] : [...reason.issues];
    if (!HIT_DISPOSITIONS.includes(disposition)) {
      issues.unshift({ field: 'disposition', rule: 'R-REV-7', message: `disposition must be one of ${HIT_DISPOSITIONS.join(', ')}` });
    }
    if (issues.length > 0 || !reason.ok) throw new RefusalError(refuseAll(issues));
    const context = commandContext(account, this.clock, request);
    const disposed = await this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'DisposeScreeningHit', hitId, disposition, reason: reason.value, by: context.actor, at: context.now.toISOString() })),
    );
    const state = disposed.state.status === 'NONE' ? null : disposed.state;
    const hit = state?.screeningHits.find((candidate) => candidate.hitId === hitId);
    if (!hit) throw new RefusalError(refuse('R-REV-7', `The case has no screening hit ${hitId}`, 'NOT_FOUND', 'hitId'));
    return { caseNo, hit: hitView(hit), position: disposed.position.toString() };
  }
}
