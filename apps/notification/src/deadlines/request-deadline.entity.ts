import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The due date in force for one request, kept current from its lifecycle events. */
@Entity({ name: 'request_deadlines' })
export class RequestDeadlineEntity {
  @PrimaryColumn('uuid', { name: 'request_id' })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column()
  reference!: string;

  @Column({ name: 'request_type' })
  requestType!: string;

  @Column()
  status!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One staff reminder (N days before the due date) or the breach notice, done once. */
@Entity({ name: 'deadline_reminders' })
export class DeadlineReminderEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column()
  kind!: 'reminder' | 'breached';

  @Column({ name: 'days_before', type: 'int' })
  daysBefore!: number;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'fire_at', type: 'timestamptz' })
  fireAt!: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  /** `sent`, or `superseded` when a later reminder of the same request fell due at the same time. */
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;
}
