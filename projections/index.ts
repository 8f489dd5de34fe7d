export * from './accounts/accounts.projection';
export * from './account-mail/account-mail.projection';
export * from './case-status/case-status.projection';
export * from './licence-issue/licence-issue.projection';
export * from './review-queues/review-queues.projection';
export * from './precedents/precedents.projection';
export * from './licence-register/licence-register.projection';
export * from './shipment-history/shipment-history.projection';
