// Loaded into an app with NODE_OPTIONS=--import: each SIGUSR2 steps this process's wall clock
// by CLOCK_STEP_MS (default +30 s), as an NTP step would. The platform has no clock port to set
// (time is read where it is needed: leases, idempotency records, recordedAt, signatures), so
// the step is made where they all read it: Date.now() and new Date() without arguments.
// Monotonic time (performance.now, timers) does not jump, as on a real host.

import process from 'node:process';

const RealDate = globalThis.Date;
const step = Number(process.env.CLOCK_STEP_MS ?? 30_000);
let offsetMs = 0;

class SteppedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offsetMs;
  }
}

globalThis.Date = SteppedDate;
process.on('SIGUSR2', () => {
  offsetMs += step;
  process.stderr.write(`clock-step: wall clock stepped by ${step} ms (now ${offsetMs} ms off)\n`);
});
