import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse, ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { IdempotencyExempt } from '../../http/idempotency.interceptor';
import { Public } from '../access.decorators';
import { SignIn } from './sign-in';

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
  constructor(private readonly signIn: SignIn) {}

  @Post('login')
  @Public()
  @IdempotencyExempt()
  @HttpCode(200)
  @ApiOkResponse({ description: '{ token, role, expiresInSeconds }' })
  @ApiUnauthorizedResponse({ description: 'Wrong business number or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this account or address; see Retry-After' })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest) {
    const session = await this.signIn.signIn(dto.businessId, dto.password, request.ip);
    return { token: session.token, role: session.account.role, expiresInSeconds: session.expiresInSeconds };
  }
}
