import { Body, Controller, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { BadRequestException } from '@nestjs/common';
import { Public } from '../access.decorators';
import { PERSON_ID, RegisterDto } from './register.dto';
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
  @ApiConflictResponse({ description: 'R-ACC-1: the business number has an account' })
  async register(@Body() dto: RegisterDto, @Req() request: FastifyRequest) {
    if (dto.kind === 'PERSON' && !PERSON_ID.test(dto.businessId)) {
      throw new BadRequestException({
        message: 'businessId of a person is a national ID or passport number: 6 to 20 letters and digits',
        rule: 'R-ACC-1',
        errors: [{ field: 'businessId', message: 'must be a national ID or passport number (6 to 20 letters and digits)', rule: 'R-ACC-1' }],
      });
    }
    const { accountId, position } = await this.commands.execute(
      new RegisterAccountCommand(
        { ...dto, role: 'APPLICANT' },
        { now: this.clock.now(), correlationId: request.id },
      ),
    );
    return { accountId, position: position.toString() };
  }
}
