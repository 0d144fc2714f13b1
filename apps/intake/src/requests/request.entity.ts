import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import {
  ActiveStatus,
  Channel,
  LifecycleStatus,
  PauseCause,
  Regime,
  RejectionReason,
  RequestDetails,
  RequestType,
  RequesterKind,
} from '@dsar/domain';

/** The person a request is about, or the one who makes it: distinct records. */
@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column()
  email!: string;

  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName!: string | null;

  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ name: 'country_of_residence', type: 'text', nullable: true })
  countryOfResidence!: string | null;
}

export interface StoredPause {
  from: string;
  to?: string;
  cause: PauseCause;
}

export interface StoredExtension {
  decidedAt: string;
  notifiedAt: string;
  reasons: string;
  decidedBy: string;
}

export interface AuthorityRef {
  id: string;
  name: string;
  country: string;
  website?: string;
}

@Entity({ name: 'requests' })
export class RequestEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ unique: true })
  reference!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column({ type: 'text' })
  type!: RequestType;

  @Column({ type: 'jsonb' })
  details!: RequestDetails;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text' })
  status!: LifecycleStatus;

  @Column({ name: 'paused_from', type: 'text', nullable: true })
  pausedFrom!: ActiveStatus | null;

  @Column({ name: 'pause_cause', type: 'text', nullable: true })
  pauseCause!: PauseCause | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: RejectionReason | null;

  @Column({ name: 'rejection_explanation', type: 'text', nullable: true })
  rejectionExplanation!: string | null;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** The subject's e-mail, normalised: the key that keeps one open request per subject and type. */
  @Column({ name: 'subject_email' })
  subjectEmail!: string;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId!: string;

  @Column({ name: 'requester_kind', type: 'text' })
  requesterKind!: RequesterKind;

  @Column({ type: 'text', nullable: true })
  relationship!: string | null;

  @Column()
  language!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'text' })
  regime!: Regime;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'due_rule' })
  dueRule!: string;

  @Column({ name: 'due_basis' })
  dueBasis!: string;

  @Column({ name: 'original_due_at', type: 'timestamptz', nullable: true })
  originalDueAt!: Date | null;

  @Column({ name: 'extension_notice_by', type: 'timestamptz', nullable: true })
  extensionNoticeBy!: Date | null;

  @Column({ name: 'internal_target_at', type: 'timestamptz', nullable: true })
  internalTargetAt!: Date | null;

  @Column({ name: 'acknowledge_by', type: 'timestamptz', nullable: true })
  acknowledgeBy!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  authority!: AuthorityRef | null;

  /** Clock stops and restarts (ISO instants), as the deadline calculator takes them. */
  @Column({ type: 'jsonb', default: [] })
  pauses!: StoredPause[];

  @Column({ type: 'jsonb', nullable: true })
  extension!: StoredExtension | null;

  /** Blob key of the scanned letter or e-mail of a request registered by staff. */
  @Column({ name: 'letter_key', type: 'text', nullable: true })
  letterKey!: string | null;

  @Column({ name: 'registered_by', type: 'text', nullable: true })
  registeredBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'tracking_tokens' })
export class TrackingTokenEntity {
  @PrimaryColumn({ name: 'token_hash' })
  tokenHash!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;
}
