export * from './post-mortem-directives';
export * from './deceased-subject-answer';
