import { Body, Controller, Get, HttpCode, Inject, Injectable, NotFoundException, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import {
  RefusalError,
  assuranceDecider,
  assuranceStream,
  checkAssuranceContent,
  refuseAll,
  type AssuranceCommand,
  type AssuranceSnapshot,
} from '@shtc/domain';
import { EVENT_STORE, decideAndAppend, loadState, type CommandContext, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../auth/access.decorators';
import type { SignedIn } from '../auth/sessions';
import { commandContext } from '../http/command-context';
import { orRefuse } from '../http/or-refuse';
import { ConsigneeDto, GoodsItemDto, PartyDto } from '../applications/application.dto';
import { CaseNumbers } from '../applications/case-numbers';
import { Cases } from '../applications/cases';

export class AssuranceDto {
  @ApiProperty({ enum: ['IR', 'KP'] }) @IsString({ context: { rule: 'R-IRNK-1' } }) destination!: string;
  @ApiPropertyOptional({ description: 'set by an agent: the applicant it files for (R-ACC-4)' }) @IsOptional() @IsString() applicantId?: string;
  @ApiProperty({ type: PartyDto }) @IsObject() @ValidateNested() @Type(() => PartyDto) buyer!: PartyDto;
  @ApiProperty({ type: ConsigneeDto }) @IsObject() @ValidateNested() @Type(() => ConsigneeDto) consignee!: ConsigneeDto;
  @ApiProperty({ type: PartyDto }) @IsObject() @ValidateNested() @Type(() => PartyDto) endUser!: PartyDto;
  @ApiProperty({ type: [GoodsItemDto] }) @IsArray() @ArrayMaxSize(999) @ValidateNested({ each: true }) @Type(() => GoodsItemDto) items!: GoodsItemDto[];
  @ApiProperty() @IsString({ context: { rule: 'R-FORM-1' } }) companyEmail!: string;
}

export class UnlockAssuranceDto {
  @ApiProperty({ example: 'The applicant called: the end user moved offices' })
  @IsString()
  @Length(1, 2000, { context: { rule: 'R-IRNK-1' } })
  reason!: string;
}

/** Iran/North Korea assurances (R-IRNK-1): registered first, locked at once, changed only after a reviewer unlocks. */
@Injectable()
export class Assurances {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly numbers: CaseNumbers,
    private readonly cases: Cases,
  ) {}

  async register(body: AssuranceDto, account: SignedIn, context: CommandContext) {
    const { applicantId, agentId } = await this.cases.applicantFor(account, body.applicantId);
    const content = checkAssuranceContent(body as unknown as Record<string, unknown>);
    if (!content.ok) throw new RefusalError(refuseAll(content.issues));
    const command = (assuranceNo: string): AssuranceCommand => ({
      type: 'RegisterAssurance', assuranceNo, applicantId, agentId, filedBy: context.actor, at: context.now.toISOString(), ...content.value,
    });
    const assuranceNo = await this.numbers.next('IRNK', context);
    const result = await this.run(assuranceNo, context, () => command(assuranceNo));
    return { assuranceNo, position: result.position, warnings: content.warnings };
  }

  async edit(assuranceNo: string, body: AssuranceDto, account: SignedIn, context: CommandContext) {
    await this.loadFor(assuranceNo, account);
    const content = checkAssuranceContent(body as unknown as Record<string, unknown>);
    if (!content.ok) throw new RefusalError(refuseAll(content.issues));
    const result = await this.run(assuranceNo, context, () => ({ type: 'EditAssurance', at: context.now.toISOString(), ...content.value }));
    return { assuranceNo, locked: true, position: result.position, warnings: content.warnings };
  }

  async unlock(assuranceNo: string, reason: string, context: CommandContext) {
    const { state } = await loadState(this.events, assuranceStream(assuranceNo), assuranceDecider);
    if (state.status !== 'REGISTERED') throw new NotFoundException({ message: `No assurance ${assuranceNo}`, rule: 'R-IRNK-1' });
    const result = await this.run(assuranceNo, context, () => ({ type: 'UnlockAssurance', reason, unlockedBy: context.actor, at: context.now.toISOString() }));
    return { assuranceNo, locked: false, position: result.position };
  }

  /** The assurance, if it belongs to the account (applicant or the agent that filed it); 404 otherwise. */
  async loadFor(assuranceNo: string, account: SignedIn): Promise<AssuranceSnapshot> {
    const { state } = await loadState(this.events, assuranceStream(assuranceNo), assuranceDecider);
    const own = state.status === 'REGISTERED' && (account.role === 'AGENT' ? state.agentId === account.businessId : state.applicantId === account.businessId);
    if (state.status !== 'REGISTERED' || !own) throw new NotFoundException({ message: `No assurance ${assuranceNo} of yours`, rule: 'R-ACC-5' });
    const { status: _, ...snapshot } = state;
    return snapshot;
  }

  private run(assuranceNo: string, context: CommandContext, command: () => AssuranceCommand) {
    return decideAndAppend(
      this.events,
      assuranceStream(assuranceNo),
      assuranceDecider,
      (state) => orRefuse(assuranceDecider.decide(command(), state)),
      context,
    );
  }
}

@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('assurances')
export class AssurancesController {
  constructor(
    private readonly assurances: Assurances,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('APPLICANT', 'AGENT')
  @ApiCreatedResponse({ description: '{ assuranceNo, position, warnings }: registered and locked (R-IRNK-1)' })
  async register(@Body() dto: AssuranceDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const { assuranceNo, position, warnings } = await this.assurances.register(dto, account, commandContext(account, this.clock, request.id));
    return { assuranceNo, position: position.toString(), warnings };
  }

  @Get(':assuranceNo')
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'the assurance, with `locked`' })
  get(@Param('assuranceNo') assuranceNo: string, @CurrentAccount() account: SignedIn) {
    return this.assurances.loadFor(assuranceNo, account);
  }

  @Put(':assuranceNo')
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'changed and locked again; 409 (R-IRNK-1) unless a reviewer unlocked it' })
  async edit(@Param('assuranceNo') assuranceNo: string, @Body() dto: AssuranceDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const result = await this.assurances.edit(assuranceNo, dto, account, commandContext(account, this.clock, request.id));
    return { ...result, position: result.position.toString() };
  }
}

@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/assurances')
export class UnlockAssuranceController {
  constructor(
    private readonly assurances: Assurances,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** R-IRNK-1: after the applicant calls, a reviewer opens the assurance for one change. */
  @Post(':assuranceNo/unlock')
  @Roles('REVIEWER')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ assuranceNo, locked: false, position }' })
  async unlock(@Param('assuranceNo') assuranceNo: string, @Body() dto: UnlockAssuranceDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const result = await this.assurances.unlock(assuranceNo, dto.reason, commandContext(account, this.clock, request.id));
    return { ...result, position: result.position.toString() };
  }
}

