import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The DPO's read model of a request, built from events; it holds no personal data. */
@Entity({ name: 'request_views' })
export class RequestViewEntity {
  @PrimaryColumn('uuid', { name: 'request_id' })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column()
  reference!: string;

  @Column()
  type!: string;

  @Column()
  status!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'due_rule' })
  dueRule!: string;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
