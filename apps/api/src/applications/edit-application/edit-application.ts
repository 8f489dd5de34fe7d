import { Body, Controller, Inject, Param, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { loadStream } from '@shtc/commands';
import { RefusalError, assuranceCodec, assuranceDecider, checkApplication, refuseAll, type FiledCase } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { ApplicationDto } from '../application.dto';
import { OnCase } from '../cases';

/** Replaces the data of a REGISTERED case; the assurance must then be signed again for the new data version. */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class EditApplicationController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put(':caseNo')
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: '{ caseNo, status, dataVersion, position, warnings }: the assurance must be signed again' })
  async edit(@Param('caseNo') caseNo: string, @Body() dto: ApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const context = commandContext(account, this.clock, request);
    let warnings: ReturnType<typeof checkApplication>['warnings'] = [];
    const edited = await this.commands.execute(
      new OnCase(caseNo, account, context, async (state) => {
        // What the case started from never changes: its number and route are the case's own.
        const body = {
          ...(dto as unknown as Record<string, unknown>),
          originalCaseNo: state.amends ?? undefined,
          cancelledLicenceNo: state.reissues ?? undefined,
          licenceNo: state.corrects?.licenceNo,
        };
        const checked = checkApplication(body, state.application.applicantId, state.route);
        if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
        warnings = checked.warnings;
        return {
          type: 'EditApplication',
          application: { ...checked.value, assuranceNo: state.application.assuranceNo },
          warnings,
          assurance: await this.assuranceOf(state),
          by: context.actor,
          at: context.now.toISOString(),
        };
      }),
    );
    const { status, dataVersion } = edited.state as FiledCase;
    return { caseNo, status, dataVersion, position: edited.position.toString(), warnings };
  }

  /** R-IRNK-3: an Iran/North Korea case is checked against its assurance as it stands now. */
  private async assuranceOf(state: FiledCase) {
    if (state.route !== 'IRAN_NK') return null;
    const { state: assurance } = await loadStream(this.events, { codec: assuranceCodec, decider: assuranceDecider }, state.application.assuranceNo!);
    return assurance.status === 'REGISTERED' ? assurance : null;
  }
}
