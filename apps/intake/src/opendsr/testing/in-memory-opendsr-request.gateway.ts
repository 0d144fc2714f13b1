import type { LifecycleStatus } from '@dsar/domain';
import {
  OpenDsrCancelOutcome,
  OpenDsrCreateInput,
  OpenDsrCreateResult,
  OpenDsrRequestGateway,
  OpenDsrRequestState,
} from '../opendsr-request.gateway';

interface StoredRequest {
  input: OpenDsrCreateInput;
  requestId: string;
  receivedAt: Date;
  state: OpenDsrRequestState;
}

const PENDING: LifecycleStatus[] = ['received', 'awaiting-verification', 'verified'];

/** A lifecycle in memory, for tests: requests keyed by controller and subject_request_id. */
export class InMemoryOpenDsrRequestGateway extends OpenDsrRequestGateway {
  readonly requests = new Map<string, StoredRequest>();
  readonly created: OpenDsrCreateInput[] = [];
  private sequence = 0;

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly completionDays = 30,
  ) {
    super();
  }

  private key(subjectRequestId: string, controllerId: string): string {
    return `${controllerId}/${subjectRequestId}`;
  }

  async create(input: OpenDsrCreateInput): Promise<OpenDsrCreateResult> {
    const existing = this.requests.get(this.key(input.subjectRequestId, input.controllerId));
    if (existing) {
      if (existing.input.requestFingerprint !== input.requestFingerprint) return { outcome: 'conflict' };
      const { requestId, receivedAt, state } = existing;
      return { outcome: 'duplicate', requestId, receivedAt, expectedCompletionAt: state.expectedCompletionAt };
    }
    const receivedAt = this.now();
    const expectedCompletionAt = new Date(receivedAt.getTime() + this.completionDays * 86_400_000);
    const requestId = `req-${++this.sequence}`;
    this.created.push(input);
    this.requests.set(this.key(input.subjectRequestId, input.controllerId), {
      input,
      requestId,
      receivedAt,
      state: { status: 'received', expectedCompletionAt },
    });
    return { outcome: 'created', requestId, receivedAt, expectedCompletionAt };
  }

  async status(subjectRequestId: string, controllerId: string): Promise<OpenDsrRequestState | undefined> {
    return this.requests.get(this.key(subjectRequestId, controllerId))?.state;
  }

  async cancel(subjectRequestId: string, controllerId: string): Promise<OpenDsrCancelOutcome> {
    const stored = this.requests.get(this.key(subjectRequestId, controllerId));
    if (!stored) return 'not-found';
    if (stored.state.status === 'cancelled') return 'cancelled';
    if (!PENDING.includes(stored.state.status)) return 'not-cancellable';
    stored.state = { ...stored.state, status: 'cancelled' };
    return 'cancelled';
  }

  /** Moves a stored request, as the platform's lifecycle would. */
  update(subjectRequestId: string, controllerId: string, state: Partial<OpenDsrRequestState>): void {
    const stored = this.requests.get(this.key(subjectRequestId, controllerId));
    if (!stored) throw new Error('no such request');
    stored.state = { ...stored.state, ...state };
  }
}
