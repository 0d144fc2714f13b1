import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashToken, sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { afterWrongGuess, codeResendDelaySeconds, countersOf, isLocked } from '@dsar/domain';
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

function downloadLocked(until: Date): ProblemException {
  return new ProblemException(
    HttpStatus.TOO_MANY_REQUESTS,
    'download-locked',
    `Too many wrong codes were entered: to protect your answer, this link accepts no code until ${until.toISOString()}. Ask for a new code after that time.`,
  );
}

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'download-not-found', 'This download link is not valid.');

function codeHash(tokenHash: string, code: string): Buffer {
  return createHash('sha256').update(`${tokenHash}:${code}`).digest();
}

/**
 * A package is opened with two factors: the link (which may be forwarded, logged by a proxy or
 * fetched by a mail scanner) and a one-time code sent, when asked for, to the subject's verified
 * address. Each download needs a fresh code; links expire and allow a limited number of
 * downloads; wrong codes are counted per link across codes and lock it for a while; every step is
 * logged (never the code or the token), and the code travels sealed for notification.
 */
@Injectable()
export class DownloadPackageUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assembler: PackageAssembler,
    private readonly progress: FulfilmentProgress,
    private readonly profiles: ControllerProfiles,
    private readonly sealer: SubjectSecretSealer,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
  ) {}

  /** Sends a fresh one-time code to the subject (through notification). */
  async issueCode(token: string, now = new Date()): Promise<{ expiresAt: Date }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const found = await this.usable(manager, token, now);
      if ('problem' in found) return found;
      const { download, fulfilment } = found;
      // New codes come at growing intervals: the link cannot be used to flood the subject's mailbox.
      const interval = codeResendDelaySeconds(
        download.codesSent,
        this.config.DOWNLOAD_CODE_RESEND_SECONDS,
        this.config.DOWNLOAD_CODE_EVENLY_SPACED,
        this.config.DOWNLOAD_CODE_MAX_RESEND_SECONDS,
      );
      const wait = download.codeSentAt ? Math.ceil((download.codeSentAt.getTime() + interval * 1000 - now.getTime()) / 1000) : 0;
      if (wait > 0) {
        return {
          problem: new ProblemException(
            HttpStatus.TOO_MANY_REQUESTS,
            'download-code-recently-sent',
            `A code was sent a moment ago: check your e-mail, or ask again in ${wait} s.`,
          ),
        };
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + this.config.DOWNLOAD_CODE_TTL_MINUTES * 60_000);
      await manager.update(
        DownloadEntity,
        { tokenHash: download.tokenHash },
        {
          codeHash: codeHash(download.tokenHash, code).toString('hex'),
          codeExpiresAt: expiresAt,
          codeAttempts: 0,
          codesSent: download.codesSent + 1,
          codeSentAt: now,
        },
      );
      await this.logged(manager, fulfilment.requestId, now, 'code-issued');
      await this.progress.emit(manager, fulfilment, EventTypes.FulfilmentDownloadCodeIssued, undefined, {
        requestId: fulfilment.requestId,
        recipient: fulfilment.email ?? fulfilment.subjectEmail ?? '',
        sealedCode: this.sealer.seal(code, sealingContext(EventTypes.FulfilmentDownloadCodeIssued, fulfilment.requestId)),
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
        return { problem: await this.wrongCode(manager, download, fulfilment, now) };
      }
      await manager.update(
        DownloadEntity,
        { tokenHash: download.tokenHash },
        // Whoever holds the code holds the address: the next download's code need not wait.
        { count: download.count + 1, codeHash: null, codeExpiresAt: null, codeAttempts: 0, codesSent: 0, codeSentAt: null },
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
    // While locked even the right code is refused, and no new code is sent: guessing on cannot pay.
    if (isLocked(download.attemptCount(), now)) {
      await this.logged(manager, fulfilment.requestId, now, 'locked');
      return { problem: downloadLocked(download.lockedUntil!) };
    }
    if (download.count >= download.maxCount) {
      await this.logged(manager, fulfilment.requestId, now, 'limit-reached');
      return { problem: new ProblemException(HttpStatus.GONE, 'download-limit-reached', this.extraCopyTerms(fulfilment)) };
    }
    return { download, fulfilment };
  }

  /**
   * One wrong code: the code dies after DOWNLOAD_CODE_MAX_ATTEMPTS, and the link, counting across
   * every code sent, locks after DOWNLOAD_LINK_MAX_FAILURES (each lock longer). A lock alerts the DPO
   * and, through notification, tells the subject how to go on; it never touches the request.
   */
  private async wrongCode(
    manager: EntityManager,
    download: DownloadEntity,
    fulfilment: FulfilmentEntity,
    now: Date,
  ): Promise<ProblemException> {
    const attempts = download.codeAttempts + 1;
    const exhausted = attempts >= this.config.DOWNLOAD_CODE_MAX_ATTEMPTS;
    const { count, locked } = afterWrongGuess(
      download.attemptCount(),
      {
        maxFailures: this.config.DOWNLOAD_LINK_MAX_FAILURES,
        lockMinutes: this.config.DOWNLOAD_LOCK_MINUTES,
        maxLockMinutes: this.config.DOWNLOAD_MAX_LOCK_MINUTES,
      },
      now,
    );
    const codeGone = exhausted || locked;
    await manager.update(
      DownloadEntity,
      { tokenHash: download.tokenHash },
      { codeAttempts: attempts, ...countersOf(count), ...(codeGone ? { codeHash: null, codeExpiresAt: null } : {}) },
    );
    await this.logged(manager, fulfilment.requestId, now, 'code-rejected');
    if (locked && count.lockedUntil) {
      await this.logged(manager, fulfilment.requestId, now, 'locked');
      await this.progress.attention(manager, fulfilment, 'download-locked', now, [], undefined, count.lockedUntil);
      return downloadLocked(count.lockedUntil);
    }
    return new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'download-code-invalid',
      exhausted ? 'Too many wrong codes: ask for a new one.' : 'This code is not the one we sent.',
    );
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
