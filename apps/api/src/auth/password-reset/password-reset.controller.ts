import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { correlationOf } from '../../http/command-context';
import { IdempotencyExempt } from '../../http/idempotency.interceptor';
import { Public } from '../access.decorators';
import { RequestPasswordResetCommand, ResetPasswordCommand } from './password-reset.commands';

export class PasswordResetDto {
  @ApiProperty({ example: '22099131' })
  @IsString()
  @Length(1, 40)
  businessId!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The one-time token from the email' })
  @IsString()
  @Length(10, 400, { message: 'token must be the token from the email', context: { rule: 'R-ACC-2' } })
  token!: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200, { message: 'newPassword must be 10 to 200 characters' })
  newPassword!: string;
}

@ApiTags('Accounts and sessions')
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Always 202 and an empty body, so the answer does not tell whether the account exists. */
  @Post()
  @Public()
  @IdempotencyExempt()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'If the account exists, its email receives a one-time link (R-ACC-2)' })
  async request(@Body() dto: PasswordResetDto, @Req() request: FastifyRequest): Promise<void> {
    await this.commands.execute(
      new RequestPasswordResetCommand(dto.businessId.trim().toUpperCase(), { now: this.clock.now(), correlationId: request.id }),
    );
  }

  @Post('confirm')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password changed; every session of the account is ended' })
  @ApiUnprocessableEntityResponse({ description: 'R-ACC-2: the link is invalid, used or expired' })
  async confirm(@Body() dto: PasswordResetConfirmDto, @Req() request: FastifyRequest): Promise<void> {
    await this.commands.execute(
      new ResetPasswordCommand(dto.token, dto.newPassword, { now: this.clock.now(), ...correlationOf(request) }),
    );
  }
}
