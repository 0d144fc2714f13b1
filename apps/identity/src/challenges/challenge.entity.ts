import { ContractRequestType } from '@dsar/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ChallengeStatus = 'pending' | 'verified' | 'locked';
export type ChallengeMethod = 'email-code' | 'magic-link';
export type ChallengePurpose = 'requester' | 'subject';

/** The e-mail step of a verification: a one-time code or magic link, stored only as an HMAC. */
@Entity({ name: 'challenges' })
export class ChallengeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  /** The requester proving their address, or the subject confirming an agent acts for them. */
  @Column({ type: 'text' })
  purpose!: ChallengePurpose;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  /** Where the code is sent: the requester's address (the subject's, to confirm an agent). */
  @Column()
  email!: string;

  /** The subject's address: the identity proven, handed to fulfilment. */
  @Column({ name: 'subject_email' })
  subjectEmail!: string;

  @Column({ name: 'request_type', type: 'text' })
  requestType!: ContractRequestType;

  @Column()
  language!: string;

  @Column({ name: 'code_hash' })
  codeHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'int' })
  maxAttempts!: number;

  @Column({ type: 'text' })
  status!: ChallengeStatus;

  /** What was last sent: a six-digit code or a magic link; `codeHash` is the HMAC of that secret. */
  @Column({ type: 'text' })
  method!: ChallengeMethod;

  @Column({ type: 'int' })
  resends!: number;

  @Column({ name: 'last_sent_at', type: 'timestamptz' })
  lastSentAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
