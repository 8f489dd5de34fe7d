import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { OnLicence } from '../licences';
import { reasonOf } from '../../http/free-text-input';

export class CancelLicenceDto {
  @ApiPropertyOptional({ example: 'The buyer reduced its order', description: 'why, in up to 2,000 characters (R-BAL-1)' })
  @IsOptional() @IsString() reason?: string;
}

/**
 * R-BAL-1: before the licence expires, its holder (or the agent the holder still authorises)
 * cancels it with a reason; each item's balance stays on record for a balance reissue quoting
 * the cancelled-licence number.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('licences')
export class CancelLicenceController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':licenceNo/cancel')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ licenceNo, cancelledLicenceNo, status: CANCELLED, balance: [{ itemNo, quantity, shipped, balance }], position }' })
  async cancel(@Param('licenceNo') licenceNo: string, @Body() dto: CancelLicenceDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const reason = reasonOf(dto.reason, 'reason', 'R-BAL-1');
    const context = commandContext(account, this.clock, request);
    const executed = await this.commands.execute(
      new OnLicence(licenceNo, account, context, 'HOLDER', () => ({ type: 'CancelLicence', reason, by: context.actor, at: context.now.toISOString() })),
    );
    const cancelled = executed.events.find((event) => event.type === 'LicenceCancelled');
    const balance = cancelled?.type === 'LicenceCancelled' ? cancelled.data.balance : executed.state.items.map(({ itemNo, quantity, shipped, balance }) => ({ itemNo, quantity, shipped, balance }));
    return {
      licenceNo,
      cancelledLicenceNo: executed.state.cancellation?.cancelledLicenceNo ?? licenceNo,
      status: executed.state.status,
      balance,
      position: executed.position.toString(),
    };
  }
}
