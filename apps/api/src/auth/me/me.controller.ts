import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { accountDecider, accountStream } from '@shtc/domain';
import { EVENT_STORE, loadState, type EventStore } from '@shtc/event-store';
import { CurrentAccount, SignedInOnly } from '../access.decorators';
import type { SignedIn } from '../sessions';

@ApiTags('Accounts and sessions')
@ApiBearerAuth()
@Controller('auth')
export class MeController {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  /** Who is signed in, and the agents an applicant has authorised. */
  @Get('me')
  @SignedInOnly()
  @ApiOkResponse({ description: '{ accountId, businessId, role, kind, name, email, agents }' })
  async me(@CurrentAccount() account: SignedIn) {
    const { state } = await loadState(this.events, accountStream(account.businessId), accountDecider);
    if (state.status !== 'REGISTERED') return account;
    const { accountId, businessId, role, kind, name, email, agents } = state;
    return { accountId, businessId, role, kind, name, email, agents };
  }
}
