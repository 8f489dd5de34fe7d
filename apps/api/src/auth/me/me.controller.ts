import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { loadStream } from '@shtc/commands';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ACCOUNT_KIND } from '../accounts';
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
    const { state } = await loadStream(this.events, ACCOUNT_KIND, account.businessId);
    if (state.status !== 'REGISTERED') return account;
    const { accountId, businessId, role, kind, name, email, agents } = state;
    return { accountId, businessId, role, kind, name, email, agents };
  }
}
