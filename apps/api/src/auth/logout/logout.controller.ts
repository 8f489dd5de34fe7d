import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { BearerToken, SignedInOnly } from '../access.decorators';
import { Sessions } from '../sessions';

@ApiTags('Accounts and sessions')
@ApiBearerAuth()
@Controller('auth')
export class LogoutController {
  constructor(private readonly sessions: Sessions) {}

  /** Ends the session at once: the token answers 401 from now on. */
  @Post('logout')
  @SignedInOnly()
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@BearerToken() token: string): Promise<void> {
    await this.sessions.close(token);
  }
}
