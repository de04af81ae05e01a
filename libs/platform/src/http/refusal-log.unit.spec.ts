import { noteRefusal, type RefusalTally } from './refusal-log.js';

const INTERVAL = 60_000;

function flood(times: number, everyMs: number): { lines: number[]; tally: RefusalTally | undefined } {
  let tally: RefusalTally | undefined;
  const lines: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const noted = noteRefusal(tally, i * everyMs, INTERVAL);
    tally = noted.tally;
    if (noted.line) lines.push(noted.line.refused);
  }
  return { lines, tally };
}

describe('rate-limit refusals in the log', () => {
  it('given a first refusal, then it is logged at once', () => {
    expect(noteRefusal(undefined, 0, INTERVAL).line).toEqual({ refused: 1, sinceMs: 0 });
  });
  it('given 10,000 refusals in one minute, then one line is written', () => {
    expect(flood(10_000, 5).lines).toEqual([1]);
  });
  it('given 100 refusals a second for three minutes, then one line a minute, each counting what it summarises', () => {
    const { lines } = flood(18_000, 10);
    expect(lines).toEqual([1, 6000, 6000]);
  });
});
