import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * `pending` → `sending` (claimed, with a lease) → `sent`; back to `pending` after a failure that
 * is worth retrying, `failed` after a permanent one, `in-doubt` when the sender died mid-send and
 * the transport cannot tell whether the message left.
 */
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'in-doubt';

/**
 * One e-mail owed for one event and kind (unique together): written in the consumer's
 * transaction, sent by the dispatcher. The bodies are erased once sent.
 */
@Entity({ name: 'outgoing_mail' })
export class OutgoingMailEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The event id, or a synthetic key for scheduled messages (`reminder:<id>`, `digest:<dpo>:<date>`). */
  @Column({ name: 'event_id' })
  eventId!: string;

  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId!: string | null;

  @Column()
  kind!: string;

  @Column({ type: 'text' })
  audience!: string;

  @Column({ name: 'controller_id', type: 'text', nullable: true })
  controllerId!: string | null;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column()
  recipient!: string;

  @Column()
  subject!: string;

  /** The plain-text part. */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ type: 'text', nullable: true })
  html!: string | null;

  @Column({ type: 'text' })
  status!: MailStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
