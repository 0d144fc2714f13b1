/** Where the scheduler reads the time: the system clock, or a test's hand-moved one. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('dsar:notification-clock');

export const systemClock: Clock = { now: () => new Date() };
