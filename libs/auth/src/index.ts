export * from './access.guard';
export * from './public.decorator';
export * from './staff-token.strategy';
