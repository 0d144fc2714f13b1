import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isTerminal } from '@dsar/domain';
import { BLOB_STORE, ProblemException } from '@dsar/platform';
import { BlobStore, documentTypeOf } from '@dsar/storage';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { RequestEntity } from './request.entity';
import { findTrackedRequest } from './track-request.use-case';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const MAX_DOCUMENTS = 10;

/**
 * The requester attaches a document to an open request: checked by its content, stored
 * encrypted, referenced from the request's details, and recorded in the audit trail.
 */
@Injectable()
export class AddEvidenceUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly audit: AuditTrail,
  ) {}

  async execute(
    reference: string,
    trackingToken: string | undefined,
    content: Buffer | undefined,
  ): Promise<{ reference: string; documents: number }> {
    const request = await findTrackedRequest(this.dataSource.manager, reference, trackingToken);
    if (!content)
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
        { field: 'file', message: 'attach one document' },
      ]);
    const kind = documentTypeOf(content);
    if (!kind) {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-document-type',
        'Documents must be PDF, JPEG or PNG files.',
        [{ field: 'file', message: 'content is not PDF, JPEG or PNG' }],
      );
    }
    if (isTerminal(request.status)) throw new ProblemException(HttpStatus.CONFLICT, 'request-closed', 'This request is closed.');
    const stored = await this.blobs.put(`evidence/${request.id}/${randomUUID()}.${kind.extension}`, Readable.from([content]));
    try {
      return await this.attach(request.id, reference, stored);
    } catch (error) {
      // Nothing half-written: a document that could not be recorded is not kept.
      await this.blobs.delete(stored.key);
      throw error;
    }
  }

  private attach(requestId: string, reference: string, stored: { key: string; sha256: string; size: number }) {
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(RequestEntity, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      const evidence = [...(((locked.details as { evidence?: string[] }).evidence ?? []) as string[])];
      if (evidence.length >= MAX_DOCUMENTS) {
        throw new ProblemException(HttpStatus.CONFLICT, 'too-many-documents', `A request holds ${MAX_DOCUMENTS} documents at most.`);
      }
      evidence.push(stored.key);
      await manager.update(RequestEntity, { id: locked.id }, { details: { ...locked.details, evidence } as RequestEntity['details'] });
      await this.audit.append(manager, {
        requestId: locked.id,
        at: new Date().toISOString(),
        actor: { kind: 'requester', id: 'tracking-token' },
        action: 'evidence-added',
        fromStatus: locked.status,
        toStatus: locked.status,
        details: { document: stored.key, sha256: stored.sha256, size: stored.size },
      });
      return { reference, documents: evidence.length };
    });
  }
}
