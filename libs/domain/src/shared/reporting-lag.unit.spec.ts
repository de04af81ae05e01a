import { appliedPositionOf, reportingLag, worseLag, type ReportingLagInput } from './reporting-lag.js';

const now = new Date('2026-11-03T23:00:10.000Z');
const given = (over: Partial<ReportingLagInput>): ReportingLagInput => ({ checkpoints: [], head: null, unapplied: [], readLimit: 1000, now, ...over });

describe('reportingLag', () => {
  describe('given a projection that applied everything it handles', () => {
    it('when the ledger ends in events it ignores, then it is caught up: 0 s and 0 events', () =>
      expect(reportingLag(given({ checkpoints: [40, 37], head: 45 }))).toEqual({ seconds: 0, events: 0, atLeast: false, appliedPosition: 40, headPosition: 45 }));
  });

  describe('given unapplied events', () => {
    const unapplied = [
      { position: 41, recordedAt: '2026-11-03T23:00:02.500Z' },
      { position: 44, recordedAt: '2026-11-03T23:00:09.000Z' },
    ];

    it('when asked, then the seconds run from the oldest one, in whole seconds, and each is counted', () =>
      expect(reportingLag(given({ checkpoints: [40], head: 44, unapplied }))).toMatchObject({ seconds: 7, events: 2, atLeast: false }));
    it('when the read stopped at its limit, then the count says it is a floor', () => expect(reportingLag(given({ unapplied, readLimit: 2 })).atLeast).toBe(true));
    it('when the oldest was recorded after now (another clock), then the lag is 0 s, never negative', () =>
      expect(reportingLag(given({ unapplied: [{ position: 1, recordedAt: '2026-11-03T23:01:00Z' }] })).seconds).toBe(0));
  });

  describe('given an empty ledger', () => {
    it('when asked, then nothing is applied, nothing waits, and there is no head', () =>
      expect(reportingLag(given({}))).toEqual({ seconds: 0, events: 0, atLeast: false, appliedPosition: null, headPosition: null }));
  });
});

describe('appliedPositionOf', () => {
  it('when partitions stand at different positions, then the highest is applied', () => expect(appliedPositionOf([3, 9, 5])).toBe(9));
  it('when only fresh checkpoints (0) exist, then none is applied', () => expect(appliedPositionOf([0, 0])).toBeNull());
});

describe('worseLag', () => {
  const lag = (seconds: number, events: number) => ({ seconds, events, atLeast: false, appliedPosition: 1, headPosition: 2 });
  it('when one is older, then it is the worse', () => expect(worseLag(lag(1, 9), lag(3, 1))).toEqual(lag(3, 1)));
  it('when both are as old, then the one with more events is the worse', () => expect(worseLag(lag(2, 1), lag(2, 5))).toEqual(lag(2, 5)));
});
