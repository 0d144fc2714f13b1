export * from './attempt-lockout';
