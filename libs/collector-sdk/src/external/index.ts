export * from './external-task.handler';
export * from './external-tasks';
export * from './external-tasks.migration';
export * from './external-tasks.module';
export * from './report-result.dto';
