import { ATTENTION_REASONS } from '@dsar/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ALERT_KINDS = ['verification-review', ...ATTENTION_REASONS, 'manual-task'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Something the DPO must look at, raised by an event. It carries references only: the
 * request, the systems concerned and the dates; never personal data.
 */
@Entity({ name: 'alerts' })
export class AlertEntity {
  /** The id of the event that raised it, so a redelivered event raises nothing new. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'request_id' })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column({ type: 'text' })
  kind!: AlertKind;

  @Column('text', { name: 'system_ids', array: true })
  systemIds!: string[];

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** `staff:<id>` when a person closed it, `request:<status>` when the request ended. */
  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;
}
