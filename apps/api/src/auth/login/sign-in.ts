import { HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { decoyHash, verifyPassword } from '@shtc/accounts';
import { loadStream } from '@shtc/commands';
import type { AccountState } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ACCOUNT_KIND } from '../accounts';
import { LoginThrottle } from '../login-throttle';
import { Sessions, type SignedIn } from '../sessions';

/**
 * Signing in, for the API's POST /auth/login and the console's sign-in form alike: the throttle
 * (429 with the seconds to wait), the password checked against the account's own stream (so an
 * account can sign in the moment it is registered), and a new server-side session.
 */
@Injectable()
export class SignIn {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
  ) {}

  async signIn(businessIdAsTyped: string, password: string, address: string): Promise<{ token: string; expiresInSeconds: number; account: SignedIn }> {
    const businessId = businessIdAsTyped.trim().toUpperCase();
    // Counted before the password is checked, so simultaneous guesses cannot all pass the limit.
    const throttled = await this.throttle.begin(businessId, address);
    if ('retryAfter' in throttled) {
      const { retryAfter } = throttled;
      throw new HttpException({ message: `Too many failed logins; try again in ${retryAfter} s`, retryAfter }, 429);
    }
    const { state } = await loadStream(this.events, ACCOUNT_KIND, businessId);
    const account = state.status === 'REGISTERED' ? state : null;
    // Verify against a decoy when there is no account, so the answer takes as long either way.
    const valid = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !valid) {
      await this.throttle.failed(throttled.attempt);
      throw new UnauthorizedException('The business number or the password is wrong');
    }
    await this.throttle.succeeded(throttled.attempt);
    const signedIn = signedInOf(account);
    const session = await this.sessions.open(signedIn);
    return { ...session, account: signedIn };
  }
}

function signedInOf(account: Extract<AccountState, { status: 'REGISTERED' }>): SignedIn {
  return { accountId: account.accountId, businessId: account.businessId, role: account.role, name: account.name };
}
