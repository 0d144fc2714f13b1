import { CategoryOutcome, CollectionAction, PostMortemOutcome } from '@dsar/contracts';
import { AttemptCount, attemptCountOf, FulfilmentStatus, HoldableFulfilmentStatus, RejectionReason, RequesterKind } from '@dsar/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PackageKind } from '../packages/package-manifest';
import { PostMortemDirectiveEntity, PostMortemDirectiveHistoryEntity } from '../post-mortem/post-mortem-directive.entity';
import { Redaction } from '../packages/package-writer';

/**
 * What fulfilment made of a post-mortem request from the directives registry and the law: what
 * the answer does, or the refusal it puts to the DPO (who refuses through intake).
 */
export type PostMortemDecision =
  | { outcome: PostMortemOutcome; basis: string; directiveReference?: string }
  | { proposedRefusal: { reason: RejectionReason; explanation: string; basis: string } };

export interface ReviewDecision {
  decision: 'approved' | 'rejected';
  by: string;
  at: string;
  reasonCode?: string;
  explanation?: string;
  redactions: Redaction[];
}

/** Portability straight to another controller (Art. 20(2)): where, and how it went. */
export interface Transmission {
  controllerName: string;
  endpoint: string;
  status: 'pending' | 'transmitted' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  transmittedAt?: string;
  /** HTTP status or network error code; never a body. */
  lastError?: string;
}

const timestamp = { type: 'timestamptz', nullable: true } as const;

@Entity({ name: 'fulfilments' })
export class FulfilmentEntity {
  @PrimaryColumn('uuid', { name: 'request_id' })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  /** Where the reply goes: the subject's address, or the representative's. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'subject_email', type: 'text', nullable: true })
  subjectEmail!: string | null;

  @Column()
  language!: string;

  /** See the fulfilment state machine in `@dsar/domain`. */
  @Column({ type: 'text' })
  status!: FulfilmentStatus;

  /** Where a fulfilment held while its request is paused returns. */
  @Column({ name: 'held_from', type: 'text', nullable: true })
  heldFrom!: HoldableFulfilmentStatus | null;

  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ name: 'request_type', type: 'text' })
  requestType!: string;

  @Column({ type: 'text' })
  kind!: PackageKind;

  @Column({ name: 'due_at', ...timestamp })
  dueAt!: Date | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ name: 'requester_kind', type: 'text', nullable: true })
  requesterKind!: RequesterKind | null;

  @Column({ name: 'post_mortem', type: 'jsonb', nullable: true })
  postMortem!: PostMortemDecision | null;

  @Column({ type: 'jsonb', nullable: true })
  authority!: { name: string; country: string; website?: string } | null;

  @Column({ name: 'respond_by', ...timestamp })
  respondBy!: Date | null;

  @Column({ name: 'review_required', type: 'boolean' })
  reviewRequired!: boolean;

  @Column({ type: 'jsonb', nullable: true })
  review!: ReviewDecision | null;

  /** The request key, wrapped by the storage master key; null once shredded. */
  @Column({ name: 'wrapped_key', type: 'bytea', nullable: true })
  wrappedKey!: Buffer | null;

  @Column({ name: 'package_key', type: 'text', nullable: true })
  packageKey!: string | null;

  @Column({ name: 'package_sha256', type: 'text', nullable: true })
  packageSha256!: string | null;

  @Column({ name: 'package_size', type: 'bigint', nullable: true })
  packageSize!: string | null;

  @Column({ name: 'package_version', type: 'int' })
  packageVersion!: number;

  @Column({ name: 'delivered_at', ...timestamp })
  deliveredAt!: Date | null;

  @Column({ name: 'destroy_after', ...timestamp })
  destroyAfter!: Date | null;

  @Column({ name: 'shredded_at', ...timestamp })
  shreddedAt!: Date | null;

  @Column({ name: 'timeout_alerted_at', ...timestamp })
  timeoutAlertedAt!: Date | null;

  @Column({ name: 'deadline_alerted_at', ...timestamp })
  deadlineAlertedAt!: Date | null;

  /** Art. 19 recipients told of the action, by display name. */
  @Column({ name: 'recipients_informed', type: 'jsonb', nullable: true })
  recipientsInformed!: string[] | null;

  @Column({ type: 'jsonb', nullable: true })
  transmission!: Transmission | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export type TaskStatus = 'requested' | 'pending' | 'exported' | 'completed' | 'no-data' | 'failed' | 'cancelled';

@Entity({ name: 'collection_tasks' })
export class CollectionTaskEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'system_id' })
  systemId!: string;

  @Column({ type: 'text' })
  action!: CollectionAction;

  /** requested: sent; pending: silent past its timeout; cancelled: the request was cancelled or rejected first; else the collector's outcome. */
  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ name: 'data_categories', type: 'jsonb', nullable: true })
  dataCategories!: string[] | null;

  @Column({ name: 'respond_by', ...timestamp })
  respondBy!: Date | null;

  @Column({ name: 'export_key', type: 'text', nullable: true })
  exportKey!: string | null;

  @Column({ name: 'record_count', type: 'int' })
  recordCount!: number;

  @Column({ type: 'jsonb' })
  categories!: CategoryOutcome[];

  @Column({ name: 'reported_at', ...timestamp })
  reportedAt!: Date | null;

  /** Reported after its timeout. */
  @Column({ type: 'boolean' })
  late!: boolean;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

@Entity({ name: 'downloads' })
export class DownloadEntity {
  @PrimaryColumn({ name: 'token_hash' })
  tokenHash!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'package_version', type: 'int' })
  packageVersion!: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'int' })
  count!: number;

  @Column({ name: 'max_count', type: 'int' })
  maxCount!: number;

  @Column({ name: 'code_hash', type: 'text', nullable: true })
  codeHash!: string | null;

  @Column({ name: 'code_expires_at', ...timestamp })
  codeExpiresAt!: Date | null;

  @Column({ name: 'code_attempts', type: 'int' })
  codeAttempts!: number;

  /** Wrong codes since the link's last lock, across every code sent (see AttemptCount). */
  @Column({ name: 'failed_attempts', type: 'int', default: 0 })
  failedAttempts!: number;

  @Column({ type: 'int', default: 0 })
  locks!: number;

  @Column({ name: 'locked_until', ...timestamp })
  lockedUntil!: Date | null;

  /** Codes sent for this link: each new one waits longer. */
  @Column({ name: 'codes_sent', type: 'int', default: 0 })
  codesSent!: number;

  @Column({ name: 'code_sent_at', ...timestamp })
  codeSentAt!: Date | null;

  attemptCount(): AttemptCount {
    return attemptCountOf(this);
  }
}

@Entity({ name: 'download_log' })
export class DownloadLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** code-issued, code-rejected, downloaded, expired, limit-reached, shredded. Never the code or token. */
  @Column({ type: 'text' })
  outcome!: string;
}

@Entity({ name: 'audit_entries' })
export class FulfilmentAuditEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @PrimaryColumn({ type: 'int' })
  sequence!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  actor!: { kind: string; id: string };

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ name: 'previous_hash', type: 'text' })
  previousHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}

export const FULFILMENT_ENTITIES = [
  FulfilmentEntity,
  CollectionTaskEntity,
  DownloadEntity,
  DownloadLogEntity,
  FulfilmentAuditEntity,
  PostMortemDirectiveEntity,
  PostMortemDirectiveHistoryEntity,
];
