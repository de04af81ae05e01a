/** The clock the review API judges deadlines by: injected, so a test (or a replay) can set the day. */
export interface ReviewClock {
  now(): Date;
}

export const REVIEW_CLOCK = Symbol('REVIEW_CLOCK');

export const systemClock: ReviewClock = { now: () => new Date() };
