export * from './mail.port';
export * from './outbox';
export * from './smtp/smtp-mailer';
export * from './eml/eml-file-mailer';
export * from './dead-letters';
