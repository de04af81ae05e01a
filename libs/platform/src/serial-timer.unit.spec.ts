import { SerialTimer } from './serial-timer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a serial timer', () => {
  it('given two runs asked for at once, then the second starts only when the first has ended', async () => {
    const log: string[] = [];
    const timer = new SerialTimer(0, async () => undefined, () => undefined);
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await sleep(5);
      log.push(`${name} end`);
      return name;
    };
    expect(await Promise.all([timer.runExclusive(job('a')), timer.runExclusive(job('b'))])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('given an interval, then it runs again and again, and a failed run is reported and does not stop the next', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const timer = new SerialTimer(2, async () => {
      runs++;
      if (runs === 1) throw new Error('first run fails');
    }, (error) => errors.push(error));
    timer.start();
    for (let waited = 0; runs < 3 && waited < 2_000; waited += 5) await sleep(5);
    await timer.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([new Error('first run fails')]);
  });

  it('given a run in progress, when stopped, then stop waits for it and no timed run follows', async () => {
    let runs = 0;
    let finished = false;
    const timer = new SerialTimer(1, async () => {
      runs++;
      await sleep(20);
      finished = true;
    }, () => undefined);
    timer.start();
    while (runs === 0) await sleep(1);
    await timer.stop();
    expect([finished, timer.isStopped]).toEqual([true, true]);
    await sleep(20);
    expect(runs).toBe(1);
  });

  it('given an interval of zero, then nothing runs by itself', async () => {
    let runs = 0;
    const timer = new SerialTimer(0, async () => void runs++, () => undefined);
    timer.start();
    await sleep(10);
    expect(runs).toBe(0);
  });
});
