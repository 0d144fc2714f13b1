import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One link of a request's hash-chained audit trail; the table refuses UPDATE and DELETE. */
@Entity({ name: 'audit_entries' })
export class AuditEntryEntity {
  @PrimaryColumn('uuid', { name: 'request_id' })
  requestId!: string;

  @PrimaryColumn('int')
  sequence!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind!: 'subject' | 'requester' | 'staff' | 'service' | 'system';

  @Column({ name: 'actor_id' })
  actorId!: string;

  @Column()
  action!: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ name: 'previous_hash' })
  previousHash!: string;

  @Column()
  hash!: string;
}
