import { Body, Controller, HttpCode, HttpException, Inject, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse, ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { decoyHash, verifyPassword } from '@shtc/accounts';
import { loadStream } from '@shtc/commands';
import type { AccountState } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import type { FastifyRequest } from 'fastify';
import { IdempotencyExempt } from '../../http/idempotency.interceptor';
import { Public } from '../access.decorators';
import { ACCOUNT_KIND } from '../accounts';
import { LoginThrottle } from '../login-throttle';
import { Sessions } from '../sessions';

export class LoginDto {
  @ApiProperty({ example: '22099131' })
  @IsString()
  @Length(1, 40)
  businessId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password!: string;
}

@ApiTags('Accounts and sessions')
@Controller('auth')
export class LoginController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Folds the account stream itself, so an account can log in the moment it is registered. */
  @Post('login')
  @Public()
  @IdempotencyExempt()
  @HttpCode(200)
  @ApiOkResponse({ description: '{ token, role, expiresInSeconds }' })
  @ApiUnauthorizedResponse({ description: 'Wrong business number or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this account or address; see Retry-After' })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest) {
    const businessId = dto.businessId.trim().toUpperCase();
    // Counted before the password is checked, so simultaneous guesses cannot all pass the limit.
    const throttled = await this.throttle.begin(businessId, request.ip);
    if ('retryAfter' in throttled) {
      const { retryAfter } = throttled;
      throw new HttpException({ message: `Too many failed logins; try again in ${retryAfter} s`, retryAfter }, 429);
    }
    const { state } = await loadStream(this.events, ACCOUNT_KIND, businessId);
    const account = state.status === 'REGISTERED' ? state : null;
    // Verify against a decoy when there is no account, so the answer takes as long either way.
    const valid = await verifyPassword(dto.password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !valid) throw new UnauthorizedException('The business number or the password is wrong');
    await this.throttle.succeeded(throttled.attempt);
    const session = await this.sessions.open(signedIn(account));
    return { token: session.token, role: account.role, expiresInSeconds: session.expiresInSeconds };
  }
}

function signedIn(account: Extract<AccountState, { status: 'REGISTERED' }>) {
  return { accountId: account.accountId, businessId: account.businessId, role: account.role, name: account.name };
}
