export * from './access.guard';
export * from './api-key.strategy';
export * from './local-account.strategy';
export * from './oidc-jwt.strategy';
export * from './public.decorator';
export * from './roles.guard';
export * from './staff-token.strategy';
export * from './subject-token.strategy';
