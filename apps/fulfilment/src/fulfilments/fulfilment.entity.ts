import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'fulfilments' })
export class FulfilmentEntity {
  @PrimaryColumn('uuid', { name: 'request_id' })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column()
  email!: string;

  @Column()
  language!: string;

  @Column({ type: 'text' })
  status!: 'collecting' | 'completed';

  @Column({ name: 'package_key', type: 'text', nullable: true })
  packageKey!: string | null;

  @Column({ name: 'package_sha256', type: 'text', nullable: true })
  packageSha256!: string | null;

  @Column({ name: 'package_size', type: 'bigint', nullable: true })
  packageSize!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'collection_tasks' })
export class CollectionTaskEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'system_id' })
  systemId!: string;

  @Column({ type: 'text' })
  status!: 'requested' | 'exported' | 'no-data' | 'failed';

  @Column({ name: 'export_key', type: 'text', nullable: true })
  exportKey!: string | null;

  @Column({ name: 'record_count', type: 'int', default: 0 })
  recordCount!: number;
}

@Entity({ name: 'downloads' })
export class DownloadEntity {
  @PrimaryColumn({ name: 'token_hash' })
  tokenHash!: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'int' })
  count!: number;

  @Column({ name: 'max_count', type: 'int' })
  maxCount!: number;
}
