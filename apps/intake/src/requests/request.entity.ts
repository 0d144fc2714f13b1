import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { RequestStatus } from '@dsar/domain';

@Entity({ name: 'requests' })
export class RequestEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ unique: true })
  reference!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column()
  type!: 'access';

  @Column()
  channel!: 'api';

  @Column({ type: 'text' })
  status!: RequestStatus;

  @Column({ name: 'subject_email' })
  subjectEmail!: string;

  @Column()
  language!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'due_rule' })
  dueRule!: string;

  /** SHA-256 of the tracking token; the token itself is shown to the subject once. */
  @Column({ name: 'tracking_token_hash' })
  trackingTokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
