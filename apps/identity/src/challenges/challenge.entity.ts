import { ContractRequestType } from '@dsar/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ChallengeStatus = 'pending' | 'verified' | 'locked';

/** An e-mail one-time code challenge; the code is stored only as an HMAC. */
@Entity({ name: 'challenges' })
export class ChallengeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid', unique: true })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  /** Where the code is sent: the requester's address. */
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
