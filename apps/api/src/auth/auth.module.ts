import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from '@shtc/platform';
import { AccessGuard } from './access.guard';
import { AgentAuthorizationsController } from './agent-authorizations/agent-authorizations.controller';
import { OnAccountHandler } from './accounts';
import { AuthorizeAgentHandler } from './agent-authorizations/agent-authorizations.commands';
import { LoginController } from './login/login.controller';
import { SignIn } from './login/sign-in';
import { LoginThrottle } from './login-throttle';
import { LogoutController } from './logout/logout.controller';
import { MeController } from './me/me.controller';
import { PasswordResetController } from './password-reset/password-reset.controller';
import { RequestPasswordResetHandler, ResetPasswordHandler } from './password-reset/password-reset.commands';
import { RegisterAccountHandler } from './register/register-account.command';
import { RegisterController } from './register/register.controller';
import { SESSIONS_OPTIONS, Sessions, sessionsOptionsFor } from './sessions';

/** Accounts and sessions (R-ACC-1 … R-ACC-5); the access guard covers every route of the app. */
@Module({
  imports: [CqrsModule],
  controllers: [
    RegisterController,
    LoginController,
    LogoutController,
    MeController,
    PasswordResetController,
    AgentAuthorizationsController,
  ],
  providers: [
    Sessions,
    { provide: SESSIONS_OPTIONS, inject: [AppConfig], useFactory: sessionsOptionsFor },
    LoginThrottle,
    SignIn,
    RegisterAccountHandler,
    RequestPasswordResetHandler,
    ResetPasswordHandler,
    OnAccountHandler,
    AuthorizeAgentHandler,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [Sessions, SignIn],
})
export class AuthModule {}
