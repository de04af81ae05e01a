import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which work someone is waiting on. An HTTP request runs in the foreground; consumers, the
 * relay and timers run in the background. The embedded database, with its one session, serves
 * foreground work first (embedded-database.ts): a donor's request does not queue behind a
 * projection's batch that nobody waits on, while the background still gets its turns.
 */
const lane = new AsyncLocalStorage<boolean>();

/** Runs `work`, and everything it starts, in the foreground. */
export function inForeground<T>(work: () => T): T {
  return lane.run(true, work);
}

/** Runs `work` in the foreground when `urgent`, else in the background. */
export function inLane<T>(urgent: boolean, work: () => T): T {
  return lane.run(urgent, work);
}

/** Whether the caller's work is in the foreground. */
export function isForeground(): boolean {
  return lane.getStore() === true;
}
