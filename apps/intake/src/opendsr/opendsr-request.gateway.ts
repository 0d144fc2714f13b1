import type { LifecycleStatus } from '@dsar/domain';
import type { OpenDsrApiVersion, OpenDsrIdentityFormat, OpenDsrRegulation, OpenDsrSubjectRequestType } from './opendsr.constants';

/** One identity of §5.3, kept only when this processor supports its type and format. */
export interface OpenDsrSubjectIdentity {
  /** §5.1 identity type key, e.g. `email`. */
  type: string;
  value: string;
  /** §5.2: how `value` is encoded; hashed values must be matched as hashes. */
  format: OpenDsrIdentityFormat;
}

export interface OpenDsrCreateInput {
  /** §6.2: the only three request types OpenDSR 2.0 defines. */
  requestType: OpenDsrSubjectRequestType;
  /** The supported identities of the request (may be empty when the extension carries them, §5.3). */
  subjectIdentities: OpenDsrSubjectIdentity[];
  /** §7.1.1 `submitted_time`: when the data subject made the request to the controller. */
  submittedTime: Date;
  /** §7.1.1 `regulation` (2.0); a 1.0 request without it is `gdpr`. */
  regulation: OpenDsrRegulation;
  /** §7.1.1 `status_callback_urls`, checked (absolute http(s), no credentials) and de-duplicated. */
  callbackUrls: string[];
  /** Who sent it, as established by the `authenticateController` option (§4.3). */
  controllerId: string;
  /** §7.1.1 `subject_request_id`: the controller's lowercase UUID v4, unique per controller. */
  subjectRequestId: string;
  /**
   * SHA-256 (hex) of the normalised request. Store it: a second create with the same
   * controller and `subjectRequestId` is a replay when the fingerprint is the same, a
   * conflict when it differs.
   */
  requestFingerprint: string;
  /** Which protocol the controller used: `2.0` (OpenDSR) or `1.0` (OpenGDPR routes). */
  apiVersion: OpenDsrApiVersion;
  /** §7.1.2: this processor's own extension object (`extensions[processorDomain]`), if any. */
  extensions?: Record<string, unknown>;
}

export type OpenDsrCreateResult =
  | {
      /** `created`: a new request. `duplicate`: the same request sent again (same fingerprint). */
      outcome: 'created' | 'duplicate';
      /** The platform's own id of the request (logged, never sent to the controller). */
      requestId: string;
      /** §7.3 `received_time`: for a duplicate, when the original was received. */
      receivedAt: Date;
      /** §7.3 `expected_completion_time`. */
      expectedCompletionAt: Date;
    }
  /** The controller reused `subjectRequestId` for a different request (other fingerprint). */
  | { outcome: 'conflict' };

export interface OpenDsrRequestState {
  /** The platform's lifecycle status; mapped onto §8 by `toOpenDsrStatus`. */
  status: LifecycleStatus;
  /** §8.3 `expected_completion_time`. */
  expectedCompletionAt: Date;
  /** §8.3 `results_url`: where the results of an access or portability request are available. */
  resultsUrl?: string;
  /** §8.3 `results_count` (2.0). */
  resultsCount?: number;
}

/**
 * - `cancelled`: the request is cancelled now, or was already cancelled (DELETE is idempotent).
 * - `not-found`: no such request for this controller.
 * - `not-cancellable`: §9 allows cancellation "while in status pending" only, i.e. before
 *   fulfilment starts (platform statuses received, awaiting-verification, verified, or
 *   paused from one of them); anything later, completed or rejected, answers this.
 */
export type OpenDsrCancelOutcome = 'cancelled' | 'not-found' | 'not-cancellable';

/**
 * The seam between the OpenDSR protocol and the platform's request lifecycle. The
 * OpenDSR controllers validate, authenticate and sign; this gateway creates, reads and
 * cancels requests. Every call is scoped to one controller: a request of another
 * controller does not exist for it.
 */
export abstract class OpenDsrRequestGateway {
  abstract create(input: OpenDsrCreateInput): Promise<OpenDsrCreateResult>;

  abstract status(subjectRequestId: string, controllerId: string): Promise<OpenDsrRequestState | undefined>;

  abstract cancel(subjectRequestId: string, controllerId: string): Promise<OpenDsrCancelOutcome>;
}
