import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ACCOUNTS, ACCOUNTS_PROJECTION, type AccountDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type ReadStore } from '@shtc/read-store';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { commandContext } from '../../http/command-context';
import { CurrentAccount, Roles } from '../access.decorators';
import type { SignedIn } from '../sessions';
import { OnAccount } from '../accounts';
import { AuthorizeAgentCommand } from './agent-authorizations.commands';

export class AuthorizeAgentDto {
  @ApiProperty({ example: '99887766', description: "The agent's (customs broker's) business number" })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z0-9]{1,20}$/, { message: 'agentBusinessId must be a business number', context: { rule: 'R-ACC-4' } })
  agentBusinessId!: string;
}

@ApiTags('Accounts and sessions')
@ApiBearerAuth()
@Controller('agents/authorizations')
export class AgentAuthorizationsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly catalog: ProjectionCatalog,
  ) {}

  /** The agents this applicant has authorised, with their names. */
  @Get()
  @Roles('APPLICANT', 'AGENT')
  @ReadsProjections(ACCOUNTS_PROJECTION)
  @ApiOkResponse({ description: '{ items: [{ agentBusinessId, name }], nextCursor: null }' })
  async list(@CurrentAccount() account: SignedIn) {
    const accounts = await this.catalog.collection(ACCOUNTS_PROJECTION, ACCOUNTS);
    const own = await this.store.get<AccountDocument>(accounts, account.businessId);
    const items = await Promise.all(
      (own?.agents ?? []).map(async (agentBusinessId) => ({
        agentBusinessId,
        name: (await this.store.get<AccountDocument>(accounts, agentBusinessId))?.name ?? null,
      })),
    );
    return { items, nextCursor: null };
  }

  @Post()
  @Roles('APPLICANT', 'AGENT')
  @ApiCreatedResponse({ description: '{ agentBusinessId, position }' })
  async authorize(@Body() dto: AuthorizeAgentDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const { position } = await this.commands.execute(
      new AuthorizeAgentCommand(dto.agentBusinessId, commandContext(account, this.clock, request)),
    );
    return { agentBusinessId: dto.agentBusinessId, position: position.toString() };
  }

  @Delete(':agentBusinessId')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revoke(@Param('agentBusinessId') agentBusinessId: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const context = commandContext(account, this.clock, request);
    const agent = agentBusinessId.trim().toUpperCase();
    await this.commands.execute(
      new OnAccount(account.businessId, context, () => ({ type: 'RevokeAgentAuthorization', agentBusinessId: agent, at: context.now.toISOString() })),
    );
  }
}
