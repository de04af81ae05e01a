/**
 * A background job that runs every `intervalMs` and when asked, one run at a time: a run asked
 * for while another is in progress starts when that one has finished. The next timed run is
 * armed only when the last has ended, so runs never pile up, and the timer never keeps the
 * process alive. What the recurring scheduler and the ledger sealing both need.
 */
export class SerialTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Arms the first timed run; nothing when the interval is zero or less. */
  start(): void {
    if (this.intervalMs > 0) this.arm();
  }

  /** Runs `job` (the timed job unless told) after any run in progress, and answers what it answered. */
  async runExclusive<T>(job: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const run = job();
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  /** No timed run starts after this; waits for the run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runExclusive(this.run).then(
        () => this.arm(),
        (error: unknown) => {
          this.onError(error);
          this.arm();
        },
      );
    }, this.intervalMs);
    // The HTTP server keeps the process alive; a pending run must never be the reason it stays up.
    this.timer.unref();
  }
}
