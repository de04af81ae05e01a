import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which work someone is waiting on. An HTTP request runs in the foreground; consumers, the
 * relay and timers run in the background. The embedded database, with its one session, serves
 * foreground work first (embedded-database.ts): a donor's request does not queue behind a
 * projection's batch that nobody waits on, while the background still gets its turns.
 */
const lane = new AsyncLocalStorage<boolean>();
/**
 * Whether anything was ever put in the foreground. Until then lanes cost nothing: entering an
 * AsyncLocalStorage turns on Node's promise hooks for the whole process, which a process
 * without an embedded database (PostgreSQL, where the platform declares no foreground) never pays.
 */
let lanesInUse = false;

/** Runs `work`, and everything it starts, in the foreground. */
export function inForeground<T>(work: () => T): T {
  lanesInUse = true;
  return lane.run(true, work);
}

/** Runs `work` in the foreground when `urgent`, else in the background. */
export function inLane<T>(urgent: boolean, work: () => T): T {
  return lanesInUse ? lane.run(urgent, work) : work();
}

/** Whether the caller's work is in the foreground. */
export function isForeground(): boolean {
  return lanesInUse && lane.getStore() === true;
}
