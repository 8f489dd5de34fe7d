export * from './accounts/accounts.projection';
export * from './account-mail/account-mail.projection';
