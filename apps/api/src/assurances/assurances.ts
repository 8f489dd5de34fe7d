import { Body, Controller, Get, HttpCode, Inject, Injectable, Param, Post, Put, Req } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { AccessPolicy, CaseNumbers, executeOnStream, loadStream, type CommandContext, type Executed } from '@shtc/commands';
import { RefusalError, assuranceCodec, assuranceDecider, checkAssuranceContent, refuseAll, type AssuranceCommand, type AssuranceEvent, type AssuranceSnapshot, type AssuranceState } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../auth/access.decorators';
import type { SignedIn } from '../auth/sessions';
import { commandContext } from '../http/command-context';
import { ConsigneeDto, GoodsItemDto, PartyDto } from '../applications/application.dto';
import { reasonOf } from '../http/free-text-input';

/** The shape of an Iran/North Korea assurance; its rules (R-IRNK-1, R-FORM, R-ITEM) are the domain's. */
export class AssuranceDto {
  @ApiProperty({ enum: ['IR', 'KP'] }) @IsOptional() @IsString() destination?: string;
  @ApiPropertyOptional({ description: 'names the applicant an agent files for (R-ACC-4)' }) @IsOptional() @IsString() applicantId?: string;
  @ApiProperty({ type: PartyDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PartyDto) buyer?: PartyDto;
  @ApiProperty({ type: ConsigneeDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => ConsigneeDto) consignee?: ConsigneeDto;
  @ApiProperty({ type: PartyDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PartyDto) endUser?: PartyDto;
  @ApiProperty({ type: [GoodsItemDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => GoodsItemDto) items?: GoodsItemDto[];
  @ApiProperty() @IsOptional() @IsString() companyEmail?: string;
}

export class UnlockAssuranceDto {
  @ApiProperty({ example: 'The applicant called: the end user moved offices' })
  @IsOptional() @IsString() reason?: string;
}

const ASSURANCE_KIND = { codec: assuranceCodec, decider: assuranceDecider };

/** Who may act: whoever files it (checked by the filing, R-ACC-4), its applicant or agent, or any reviewer (unlock). */
type AssuranceAccess = 'filing' | 'owner' | 'reviewer';

/** A command on one assurance, through the same path as every stream command: policy, then read → fold → decide → append. */
export class OnAssurance extends Command<Executed<AssuranceEvent, AssuranceState>> {
  constructor(
    readonly assuranceNo: string,
    readonly caller: SignedIn,
    readonly context: CommandContext,
    readonly access: AssuranceAccess,
    readonly command: (state: AssuranceState) => AssuranceCommand,
  ) {
    super();
  }
}

@CommandHandler(OnAssurance)
export class OnAssuranceHandler implements ICommandHandler<OnAssurance> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly policy: AccessPolicy,
  ) {}

  execute({ assuranceNo, caller, context, access, command }: OnAssurance) {
    return executeOnStream(this.events, ASSURANCE_KIND, assuranceNo, context, {
      authorize: async (state) => {
        if (access === 'owner') await this.policy.actOnAssurance(caller, assuranceNo, state);
        if (access === 'reviewer') this.policy.seeAssurance(caller, assuranceNo, state);
      },
      command,
    });
  }
}

/** Reads of assurances for the caller: its own (applicant or the agent that filed it), or 404. */
@Injectable()
export class Assurances {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly policy: AccessPolicy,
  ) {}

  async see(assuranceNo: string, caller: SignedIn): Promise<AssuranceSnapshot> {
    return (await this.seeAt(assuranceNo, caller)).assurance;
  }

  /** The assurance with the revision of its stream it was read at (what a printout of it is keyed by). */
  async seeAt(assuranceNo: string, caller: SignedIn): Promise<{ assurance: AssuranceSnapshot; revision: number }> {
    const { state, revision } = await loadStream(this.events, ASSURANCE_KIND, assuranceNo);
    return { assurance: this.policy.seeAssurance(caller, assuranceNo, state), revision };
  }
}

function checkedContent(dto: AssuranceDto) {
  const content = checkAssuranceContent(dto as unknown as Record<string, unknown>);
  if (!content.ok) throw new RefusalError(refuseAll(content.issues));
  return content;
}

/** Iran/North Korea assurances (R-IRNK-1): registered first, locked at once, changed only after a reviewer unlocks. */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('assurances')
export class AssurancesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly assurances: Assurances,
    private readonly policy: AccessPolicy,
    private readonly numbers: CaseNumbers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('APPLICANT', 'AGENT')
  @ApiCreatedResponse({ description: '{ assuranceNo, position, warnings }: registered and locked (R-IRNK-1)' })
  async register(@Body() dto: AssuranceDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const context = commandContext(account, this.clock, request);
    const { applicantId, agentId } = await this.policy.applicantFor(account, dto.applicantId);
    const content = checkedContent(dto);
    const assuranceNo = await this.numbers.next('IRNK', context);
    const registered = await this.commands.execute(
      new OnAssurance(assuranceNo, account, context, 'filing', () => ({
        type: 'RegisterAssurance', assuranceNo, applicantId, agentId, filedBy: context.actor, at: context.now.toISOString(), ...content.value,
      })),
    );
    return { assuranceNo, position: registered.position.toString(), warnings: content.warnings };
  }

  @Get(':assuranceNo')
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'the assurance, with `locked`' })
  get(@Param('assuranceNo') assuranceNo: string, @CurrentAccount() account: SignedIn) {
    return this.assurances.see(assuranceNo, account);
  }

  @Put(':assuranceNo')
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'changed and locked again; 409 (R-IRNK-1) unless a reviewer unlocked it' })
  async edit(@Param('assuranceNo') assuranceNo: string, @Body() dto: AssuranceDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const context = commandContext(account, this.clock, request);
    const content = checkedContent(dto);
    const edited = await this.commands.execute(
      new OnAssurance(assuranceNo, account, context, 'owner', () => ({ type: 'EditAssurance', by: context.actor, at: context.now.toISOString(), ...content.value })),
    );
    return { assuranceNo, locked: true, position: edited.position.toString(), warnings: content.warnings };
  }
}

@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/assurances')
export class UnlockAssuranceController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** R-IRNK-1: after the applicant calls, a reviewer opens the assurance for one change. */
  @Post(':assuranceNo/unlock')
  @Roles('REVIEWER')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ assuranceNo, locked: false, position }' })
  async unlock(@Param('assuranceNo') assuranceNo: string, @Body() dto: UnlockAssuranceDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const reason = reasonOf(dto.reason, 'reason', 'R-IRNK-1');
    const context = commandContext(account, this.clock, request);
    const unlocked = await this.commands.execute(
      new OnAssurance(assuranceNo, account, context, 'reviewer', () => ({
        type: 'UnlockAssurance', reason, unlockedBy: context.actor, at: context.now.toISOString(),
      })),
    );
    return { assuranceNo, locked: false, position: unlocked.position.toString() };
  }
}
