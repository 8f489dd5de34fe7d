import { Body, Controller, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { correlationOf } from '../../http/command-context';
import { Public } from '../access.decorators';
import { RegisterDto } from './register.dto';
import { RegisterAccountCommand } from './register-account.command';

@ApiTags('Accounts and sessions')
@Controller('auth')
export class RegisterController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('register')
  @Public()
  @ApiCreatedResponse({ description: '{ accountId, position }' })
  @ApiBadRequestResponse({ description: 'R-ACC-6: the business number, ID or resident certificate number fails its check' })
  @ApiConflictResponse({ description: 'R-ACC-1: the business number has an account' })
  async register(@Body() dto: RegisterDto, @Req() request: FastifyRequest) {
    const { accountId, position } = await this.commands.execute(
      new RegisterAccountCommand(
        { ...dto, role: 'APPLICANT' },
        { now: this.clock.now(), ...correlationOf(request) },
      ),
    );
    return { accountId, position: position.toString() };
  }
}
