import { Collector } from './collector';

/** The injection token of the app's collector implementation. */
export const COLLECTOR = Symbol('dsar:collector');

export interface CollectorRuntimeOptions {
  /** Who reports: `collector` for collectors, `push` and `manual` for the other paths. */
  via: 'collector' | 'push' | 'manual';
  /** The source of published events: dsar/<service>/<system id>. */
  service: string;
  attemptTimeoutMs: number;
  maxAttempts: number;
  initialBackoffMs: number;
}

export const COLLECTOR_RUNTIME_OPTIONS = Symbol('dsar:collector-runtime-options');

export type { Collector };
