export * from './password-hasher';
export * from './reset-tokens';
export * from './register-account';
