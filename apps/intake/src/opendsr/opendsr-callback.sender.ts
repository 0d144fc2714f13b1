import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LifecycleStatus } from '@dsar/domain';
import { resolvedCallbackHostProblem } from './callback-address';
import { callbackUrlProblem } from './opendsr-request.validation';
import { OpenDsrSigner } from './opendsr-signer';
import { isOpenDsrStatusChange, toOpenDsrStatus, toRfc3339 } from './opendsr-status';
import type { OpenDsrApiVersion, OpenDsrRequestStatus } from './opendsr.constants';
import { OPENDSR_OPTIONS, ResolvedOpenDsrOptions } from './opendsr.options';

/** A move of one OpenDSR request in the platform's lifecycle. */
export interface OpenDsrStatusChange {
  subjectRequestId: string;
  controllerId: string;
  /** The status before the move; absent for the first report. */
  previousStatus?: LifecycleStatus;
  status: LifecycleStatus;
  expectedCompletionAt: Date;
  resultsUrl?: string;
  resultsCount?: number;
  /** The version the controller used when it created the request; 1.0 has no results_count. Default 2.0. */
  apiVersion?: OpenDsrApiVersion;
}

/** §8.6 callback body. */
export interface OpenDsrCallbackBody {
  controller_id: string;
  expected_completion_time: string;
  status_callback_url: string;
  subject_request_id: string;
  request_status: OpenDsrRequestStatus;
  results_url?: string;
  results_count?: number;
}

/** Builds the §8.6 body sent to one callback URL (each URL gets its own `status_callback_url`). */
export function buildCallbackBody(change: OpenDsrStatusChange, statusCallbackUrl: string): OpenDsrCallbackBody {
  return {
    controller_id: change.controllerId,
    expected_completion_time: toRfc3339(change.expectedCompletionAt),
    status_callback_url: statusCallbackUrl,
    subject_request_id: change.subjectRequestId,
    request_status: toOpenDsrStatus(change.status),
    ...(change.resultsUrl !== undefined ? { results_url: change.resultsUrl } : {}),
    ...(change.resultsCount !== undefined && change.apiVersion !== '1.0' ? { results_count: change.resultsCount } : {}),
  };
}

export interface OpenDsrCallbackDelivery {
  url: string;
  /** delivered: a 2xx answer. failed: tries exhausted or a final refusal. refused: URL not allowed, never called. */
  outcome: 'delivered' | 'failed' | 'refused';
  attempts: number;
  /** The HTTP status of the last answer, if any. */
  lastStatus?: number;
  /** Why it failed or was refused (no body content, no identities). */
  error?: string;
}

/** Exponential back-off with jitter, in [delay/2, delay] where delay = initial·2^(retry-1), capped. */
export function callbackBackoffMs(retry: number, initialDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Worth another try: no answer, a timeout, or an answer that says "later". */
function isRetryable(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends §8.6 status callbacks: a POST of the JSON body to every callback URL of the
 * request, signed like responses (X-OpenDSR-Signature over the exact body bytes, plus the
 * 1.0 X-OpenGDPR-* headers). §8.5: at least one try, retries SHOULD follow: a bounded
 * number, with exponential back-off, on network errors, timeouts, 408/425/429 and 5xx.
 * Redirects are not followed. Only http(s) URLs are called (https only unless
 * allowHttpCallbacks), and only hosts whose every address is public, checked again against DNS
 * at send time (unless allowPrivateCallbacks).
 */
@Injectable()
export class OpenDsrCallbackSender {
  private readonly logger = new Logger('OpenDsrCallbacks');

  constructor(
    @Inject(OPENDSR_OPTIONS) private readonly options: ResolvedOpenDsrOptions,
    private readonly signer: OpenDsrSigner,
  ) {}

  /**
   * Reports a status change to each callback URL. Nothing is sent when the OpenDSR status
   * does not change (e.g. received → verified are both `pending`). Never throws; the
   * result tells, per URL, what happened, for the monitoring §8.5 recommends.
   */
  async send(change: OpenDsrStatusChange, callbackUrls: string[]): Promise<OpenDsrCallbackDelivery[]> {
    if (!isOpenDsrStatusChange(change.previousStatus, change.status)) return [];
    return Promise.all([...new Set(callbackUrls)].map((url) => this.deliver(url, buildCallbackBody(change, url))));
  }

  private async deliver(url: string, callback: OpenDsrCallbackBody): Promise<OpenDsrCallbackDelivery> {
    const { allowHttpCallbacks, allowPrivateCallbacks } = this.options;
    const problem =
      callbackUrlProblem(url, allowHttpCallbacks, allowPrivateCallbacks) ??
      (allowPrivateCallbacks ? undefined : await resolvedCallbackHostProblem(new URL(url).hostname));
    if (problem) {
      this.logger.warn({ subjectRequestId: callback.subject_request_id }, `OpenDSR callback not sent: the URL ${problem}`);
      return { url, outcome: 'refused', attempts: 0, error: `the URL ${problem}` };
    }
    const body = Buffer.from(JSON.stringify(callback), 'utf8');
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json', ...this.signer.signatureHeaders(body) };
    const { maxAttempts, initialDelayMs, maxDelayMs, timeoutMs } = this.options.callbackRetry;
    const origin = new URL(url).origin;
    let lastStatus: number | undefined;
    let error = 'not sent';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryAfter: number | undefined;
      try {
        const answer = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
        lastStatus = answer.status;
        await answer.body?.cancel().catch(() => undefined);
        if (answer.status >= 200 && answer.status < 300) return { url, outcome: 'delivered', attempts: attempt, lastStatus };
        error = `answered ${answer.status}`;
        if (!isRetryable(answer.status)) {
          this.logger.warn({ subjectRequestId: callback.subject_request_id, origin, status: answer.status }, 'OpenDSR callback refused');
          return { url, outcome: 'failed', attempts: attempt, lastStatus, error };
        }
        retryAfter = retryAfterMs(answer.headers.get('retry-after'), Date.now());
      } catch (failure) {
        error = failure instanceof Error && failure.name === 'TimeoutError' ? 'timed out' : 'could not connect';
      }
      if (attempt < maxAttempts) await sleep(Math.min(maxDelayMs, retryAfter ?? callbackBackoffMs(attempt, initialDelayMs, maxDelayMs)));
    }
    this.logger.warn({ subjectRequestId: callback.subject_request_id, origin, attempts: maxAttempts, error }, 'OpenDSR callback failed');
    return { url, outcome: 'failed', attempts: maxAttempts, ...(lastStatus !== undefined ? { lastStatus } : {}), error };
  }
}
