import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type MailStatus = 'pending' | 'sent' | 'failed';

/**
 * One e-mail owed for one event (unique event id): written in the consumer's
 * transaction, sent by the dispatcher. The body is erased once sent.
 */
@Entity({ name: 'outgoing_mail' })
export class OutgoingMailEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'event_id', unique: true })
  eventId!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column()
  kind!: string;

  @Column()
  recipient!: string;

  @Column()
  subject!: string;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ type: 'text' })
  status!: MailStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
