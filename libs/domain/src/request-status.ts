/** The states of a request that the platform slice moves through. */
export const RequestStatus = {
  AwaitingVerification: 'awaiting-verification',
  InProgress: 'in-progress',
  Completed: 'completed',
} as const;

export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

const ALLOWED: Record<RequestStatus, RequestStatus[]> = {
  'awaiting-verification': ['in-progress'],
  'in-progress': ['completed'],
  completed: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Moves forward only; a replayed or late event that would go backwards is ignored. */
export function advance(current: RequestStatus, next: RequestStatus): RequestStatus {
  return canTransition(current, next) ? next : current;
}

/** What the subject is expected to do next, shown by the tracking endpoint. */
export function nextStepForSubject(status: RequestStatus): string {
  switch (status) {
    case 'awaiting-verification':
      return 'enter-verification-code';
    case 'in-progress':
      return 'none';
    case 'completed':
      return 'download-package';
  }
}
