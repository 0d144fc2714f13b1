import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BLOB_STORE, ProblemException } from '@dsar/platform';
import { BlobStore, documentTypeOf } from '@dsar/storage';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { VerificationEntity } from '../verifications/verification.entity';
import { VerificationPolicies } from '../verifications/verification-policies';
import { VerificationProgress } from '../verifications/verification-progress';
import { assertSubjectSession } from '../verifications/subject-session';
import { acceptedProofKinds } from './authority-proofs';
import { DocumentEntity, DocumentPurpose } from './document.entity';

const MAX_DOCUMENTS = 10;

export interface UploadInput {
  requestId: string;
  token?: string;
  content?: Buffer;
  purpose: DocumentPurpose;
  proofKind?: string;
  /** For a parent or guardian: the minor's date of birth, checked against the profile's threshold. */
  subjectDateOfBirth?: string;
}

function invalid(field: string, message: string, status = HttpStatus.UNPROCESSABLE_ENTITY, code = 'validation-failed') {
  return new ProblemException(status, code, 'The document cannot be accepted.', [{ field, message }]);
}

/** Whole years between a date of birth and now, in UTC. */
export function ageOn(dateOfBirth: string, now: Date): number {
  const birth = new Date(`${dateOfBirth}T00:00:00Z`);
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < birth.getUTCMonth() || (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/**
 * The requester uploads an ID document or a proof of authority: PDF, JPEG or PNG by content,
 * size-limited (by multer, 413), stored encrypted, recorded, and put before a human once every
 * document the plan asks for is in.
 */
@Injectable()
export class UploadDocumentUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly progress: VerificationProgress,
    private readonly policies: VerificationPolicies,
  ) {}

  async execute(input: UploadInput, now = new Date()): Promise<{ documentId: string; status: string }> {
    const verification = await this.dataSource.manager.findOneBy(VerificationEntity, { requestId: input.requestId });
    assertSubjectSession(verification, input.token);
    this.checkPurpose(verification, input, now);
    if (!input.content || input.content.length === 0) throw invalid('file', 'attach one document', HttpStatus.BAD_REQUEST);
    const type = documentTypeOf(input.content);
    if (!type) {
      throw invalid('file', 'content is not PDF, JPEG or PNG', HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-document-type');
    }
    const id = randomUUID();
    const stored = await this.blobs.put(`identity/${verification.requestId}/${id}.${type.extension}`, Readable.from([input.content]));
    try {
      return await this.record(verification.id, id, input, type.contentType, stored, now);
    } catch (error) {
      // Nothing half-written: a document that could not be recorded is not kept.
      await this.blobs.delete(stored.key);
      throw error;
    }
  }

  private checkPurpose(verification: VerificationEntity, input: UploadInput, now: Date): void {
    // When the DPO asked for more, an ID copy is what the requester may always send.
    const askedForMore = verification.status === 'information-requested' && input.purpose === 'id-document';
    if (!verification.steps.includes(input.purpose) && !askedForMore) {
      throw invalid(
        'purpose',
        `this verification does not ask for ${input.purpose === 'id-document' ? 'an ID document' : 'a proof of authority'}`,
      );
    }
    if (input.purpose === 'authority-proof') {
      const kinds = acceptedProofKinds(verification.requesterKind, verification.authorityProofs ?? []);
      if (!input.proofKind || !(kinds as string[]).includes(input.proofKind)) {
        throw invalid('proofKind', `must be one of: ${kinds.join(', ')}`);
      }
      if (verification.requesterKind === 'parent-or-guardian') this.checkMinor(verification, input.subjectDateOfBirth, now);
    }
  }

  private checkMinor(verification: VerificationEntity, dateOfBirth: string | undefined, now: Date): void {
    if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) || Number.isNaN(Date.parse(dateOfBirth))) {
      throw invalid('subjectDateOfBirth', "the minor's date of birth is required, as YYYY-MM-DD");
    }
    const threshold = this.policies.profile(verification.controllerId)?.minors.guardianActsBelowAge ?? 16;
    if (ageOn(dateOfBirth, now) >= threshold) {
      throw invalid(
        'subjectDateOfBirth',
        `a parent or guardian acts only for a subject under ${threshold}`,
        HttpStatus.UNPROCESSABLE_ENTITY,
        'subject-not-a-minor',
      );
    }
  }

  private record(
    verificationId: string,
    id: string,
    input: UploadInput,
    contentType: string,
    stored: { key: string; sha256: string; size: number },
    now: Date,
  ) {
    return this.dataSource.transaction(async (manager) => {
      const verification = await manager.findOneOrFail(VerificationEntity, {
        where: { id: verificationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!verification.isOpen() || !verification.completed.includes('email')) {
        throw new ProblemException(HttpStatus.CONFLICT, 'verification-closed', 'This verification no longer takes documents.');
      }
      if ((await manager.countBy(DocumentEntity, { verificationId })) >= MAX_DOCUMENTS) {
        throw new ProblemException(HttpStatus.CONFLICT, 'too-many-documents', `At most ${MAX_DOCUMENTS} documents per request.`);
      }
      await manager.insert(DocumentEntity, {
        id,
        verificationId,
        purpose: input.purpose,
        proofKind: input.purpose === 'authority-proof' ? (input.proofKind ?? null) : null,
        blobKey: stored.key,
        contentType,
        size: stored.size,
        sha256: stored.sha256,
        uploadedAt: now,
        destroyAfter: null,
        destroyedAt: null,
      });
      await this.progress.log(
        manager,
        verification,
        'subject',
        'document-uploaded',
        { documentId: id, purpose: input.purpose, proofKind: input.proofKind ?? null },
        now,
      );
      if (verification.status === 'information-requested') {
        await this.progress.requestReview(manager, verification, verification.reviewReason ?? 'id-document', now);
      } else if (verification.status !== 'awaiting-review') {
        await this.progress.advance(manager, verification, 'id-document', now);
      }
      return { documentId: id, status: verification.status };
    });
  }
}
