import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashToken } from '@dsar/auth';
import { EventTypes } from '@dsar/contracts';

import { ProblemException } from '@dsar/platform';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { PackageAssembler } from '../delivery/package-assembler';
import { FulfilmentConfig } from '../fulfilment.config';
import { DownloadEntity, DownloadLogEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { FulfilmentProgress } from '../orchestration/fulfilment-progress';
import { ControllerProfiles } from '../profiles/controller-profiles';

export interface PackageDownload {
  requestId: string;
  size: number;
  sha256: string;
  content: Readable;
}

const CODE_RESEND_AFTER_MS = 60_000;

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'download-not-found', 'This download link is not valid.');

function codeHash(tokenHash: string, code: string): Buffer {
  return createHash('sha256').update(`${tokenHash}:${code}`).digest();
}

/**
 * A package is opened with two factors: the link (which may be forwarded, logged by a proxy or
 * fetched by a mail scanner) and a one-time code sent, when asked for, to the subject's verified
 * address. Each download needs a fresh code; links expire and allow a limited number of
 * downloads; every step is logged (never the code or the token).
 */
@Injectable()
export class DownloadPackageUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assembler: PackageAssembler,
    private readonly progress: FulfilmentProgress,
    private readonly profiles: ControllerProfiles,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
  ) {}

  /** Sends a fresh one-time code to the subject (through notification). */
  async issueCode(token: string, now = new Date()): Promise<{ expiresAt: Date }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const found = await this.usable(manager, token, now);
      if ('problem' in found) return found;
      const { download, fulfilment } = found;
      // A live code is not replaced within a minute: the link cannot be used to flood the subject's mailbox.
      const issuedAt = download.codeExpiresAt ? download.codeExpiresAt.getTime() - this.config.DOWNLOAD_CODE_TTL_MINUTES * 60_000 : 0;
      if (download.codeHash && now.getTime() - issuedAt < CODE_RESEND_AFTER_MS) {
        return {
          problem: new ProblemException(
            HttpStatus.TOO_MANY_REQUESTS,
            'download-code-recently-sent',
            'A code was sent less than a minute ago: check your e-mail, or ask again in a minute.',
          ),
        };
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + this.config.DOWNLOAD_CODE_TTL_MINUTES * 60_000);
      await manager.update(
        DownloadEntity,
        { tokenHash: download.tokenHash },
        { codeHash: codeHash(download.tokenHash, code).toString('hex'), codeExpiresAt: expiresAt, codeAttempts: 0 },
      );
      await this.logged(manager, fulfilment.requestId, now, 'code-issued');
      await this.progress.emit(manager, fulfilment, EventTypes.FulfilmentDownloadCodeIssued, undefined, {
        requestId: fulfilment.requestId,
        recipient: fulfilment.email ?? fulfilment.subjectEmail ?? '',
        code,
        expiresAt: expiresAt.toISOString(),
        language: fulfilment.language,
      });
      return { expiresAt };
    });
    if ('problem' in outcome) throw outcome.problem;
    return outcome;
  }

  async execute(token: string, code: string | undefined, now = new Date()): Promise<PackageDownload> {
    // A wrong code is counted even though the download is refused: that count must be committed.
    const outcome = await this.dataSource.transaction(async (manager) => {
      const found = await this.usable(manager, token, now);
      if ('problem' in found) return found;
      const { download, fulfilment } = found;
      if (!code) {
        return {
          problem: new ProblemException(
            HttpStatus.UNAUTHORIZED,
            'download-code-required',
            'Ask for a download code first; it is sent to your e-mail address, then send it in the X-Download-Code header.',
          ),
        };
      }
      if (!download.codeHash || !download.codeExpiresAt || download.codeExpiresAt <= now) {
        await this.logged(manager, fulfilment.requestId, now, 'code-rejected');
        return {
          problem: new ProblemException(
            HttpStatus.UNAUTHORIZED,
            'download-code-expired',
            'This code has expired or was already used: ask for a new one.',
          ),
        };
      }
      const expected = Buffer.from(download.codeHash, 'hex');
      if (!/^\d{6}$/.test(code) || !timingSafeEqual(expected, codeHash(download.tokenHash, code))) {
        const attempts = download.codeAttempts + 1;
        const exhausted = attempts >= this.config.DOWNLOAD_CODE_MAX_ATTEMPTS;
        await manager.update(
          DownloadEntity,
          { tokenHash: download.tokenHash },
          exhausted ? { codeAttempts: attempts, codeHash: null, codeExpiresAt: null } : { codeAttempts: attempts },
        );
        await this.logged(manager, fulfilment.requestId, now, 'code-rejected');
        return {
          problem: new ProblemException(
            HttpStatus.UNAUTHORIZED,
            'download-code-invalid',
            exhausted ? 'Too many wrong codes: ask for a new one.' : 'This code is not the one we sent.',
          ),
        };
      }
      await manager.update(
        DownloadEntity,
        { tokenHash: download.tokenHash },
        { count: download.count + 1, codeHash: null, codeExpiresAt: null, codeAttempts: 0 },
      );
      await this.logged(manager, fulfilment.requestId, now, 'downloaded');
      return { fulfilment, version: download.packageVersion };
    });
    if ('problem' in outcome) throw outcome.problem;
    const { fulfilment } = outcome;
    if (!fulfilment.packageKey || !fulfilment.packageSha256 || !fulfilment.wrappedKey || outcome.version !== fulfilment.packageVersion) {
      throw new ProblemException(HttpStatus.GONE, 'download-superseded', 'A newer version of this package was sent to you: use its link.');
    }
    return {
      requestId: fulfilment.requestId,
      size: Number(fulfilment.packageSize),
      sha256: fulfilment.packageSha256,
      content: await this.assembler.open(fulfilment.packageKey, fulfilment.wrappedKey),
    };
  }

  /** The download and its fulfilment, or why they cannot be used; refusals are logged, so they are returned, not thrown. */
  private async usable(
    manager: EntityManager,
    token: string,
    now: Date,
  ): Promise<{ download: DownloadEntity; fulfilment: FulfilmentEntity } | { problem: ProblemException }> {
    const download = await manager.findOne(DownloadEntity, { where: { tokenHash: hashToken(token) }, lock: { mode: 'pessimistic_write' } });
    if (!download) return { problem: notFound() };
    const fulfilment = await manager.findOneByOrFail(FulfilmentEntity, { requestId: download.requestId });
    if (fulfilment.shreddedAt) {
      return { problem: new ProblemException(HttpStatus.GONE, 'package-destroyed', 'This package has been destroyed, as announced.') };
    }
    if (download.packageVersion !== fulfilment.packageVersion) {
      await this.logged(manager, fulfilment.requestId, now, 'superseded');
      return {
        problem: new ProblemException(
          HttpStatus.GONE,
          'download-superseded',
          'A newer version of this package was sent to you: use its link.',
        ),
      };
    }
    if (download.expiresAt <= now) {
      await this.logged(manager, fulfilment.requestId, now, 'expired');
      return { problem: new ProblemException(HttpStatus.GONE, 'download-expired', 'This download link has expired.') };
    }
    if (download.count >= download.maxCount) {
      await this.logged(manager, fulfilment.requestId, now, 'limit-reached');
      return { problem: new ProblemException(HttpStatus.GONE, 'download-limit-reached', this.extraCopyTerms(fulfilment)) };
    }
    return { download, fulfilment };
  }

  /** Art. 15(3): what a further copy costs under the controller's fee policy. */
  private extraCopyTerms(fulfilment: FulfilmentEntity): string {
    const profile = this.profiles.get(fulfilment.controllerId);
    const fee = profile.fees.extraCopies;
    const base = 'This package was downloaded the maximum number of times.';
    if (!fee.charged) return `${base} A further copy is free: ask ${profile.dpo?.email ?? profile.legalEntity.name} for a new link.`;
    const amount = fee.amount ? ` ${fee.amount.value} ${fee.amount.currency}` : ' a reasonable fee';
    return `${base} A further copy costs${amount}${fee.basis ? ` (${fee.basis})` : ''}: ask ${profile.dpo?.email ?? profile.legalEntity.name}.`;
  }

  private async logged(manager: EntityManager, requestId: string, at: Date, outcome: string): Promise<void> {
    await manager.insert(DownloadLogEntity, { requestId, at, outcome });
  }
}
