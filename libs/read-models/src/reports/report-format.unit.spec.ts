import type { RecordedEvent } from '#contracts';
import { foldProjection } from '../projection.js';
import { reportRewardGrantsProjection as rewardGrantsProjection } from '../report-reward-grants/report-reward-grants.projection.js';
import { rewardsGranted } from '../report-reward-grants/rewards-granted.report.js';
import { defuseFormula, toCsv, toJsonValue } from './report-format.js';

describe('CSV and JSON of reports', () => {
  it('given cells with commas, quotes, line breaks and formula starts, then they are quoted and defused, and negative numbers stay numbers', () => {
    const csv = toCsv({ header: ['a', 'b'], rows: [['x,y', 'say "hi"'], ['=SUM(A1)', 'line\nbreak'], ['-12.50', '-cmd'], ['@me', '+1']] });
    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=SUM(A1),"line\nbreak"\r\n-12.50,\'-cmd\r\n\'@me,\'+1\r\n');
  });

  describe('given a cell a spreadsheet could run as a formula', () => {
    it.each([
      ['=1+1'],
      ['+1'],
      ['-1+1'],
      ['-2+3 Main Street'],
      ["-cmd|' /C calc'!A0"],
      ['@SUM(A1)'],
      ['\t=1+1'],
      ['\r=1+1'],
      ['  =1+1'],
      ['\uff1d1+1'],
      ['\uff0b1'],
      ['\uff0d1+1'],
      ['\uff20SUM(A1)'],
      ['\ufe621'],
      ['\u22121+1'],
    ])('when %j is written, then it is prefixed with an apostrophe', (value) => {
      expect(defuseFormula(value)).toBe(`'${value}`);
    });
  });

  describe('given a cell that is safe', () => {
    it.each([['-12.50'], ['4000.00'], ['0'], ['-3'], ['Ada Lovelace'], ['O\'Brien'], ['1+1'], ['a=b']])('when %j is written, then it stays as it is', (value) => {
      expect(defuseFormula(value)).toBe(value);
    });
  });

  it('given bigint money, then JSON carries integers, and refuses one beyond the safe range', () => {
    expect(toJsonValue({ amountMinor: 2_500n, nested: [{ m: 1n }] })).toEqual({ amountMinor: 2500, nested: [{ m: 1 }] });
    expect(() => toJsonValue({ amountMinor: 2n ** 53n })).toThrow(RangeError);
  });
});

describe('rewards granted', () => {
  const granted = (position: number, grantId: string, grantedAt: string, fairMarketValueMinor: number): RecordedEvent => ({
    eventId: `e${position}`, type: 'RewardGranted', version: 1, streamId: 'reward-stock-camp.tier', revision: position, position, recordedAt: grantedAt, hash: 'h', prevHash: 'p',
    payload: { grantId, campaignId: 'camp', committeeId: 'cmte', tierId: 'tier', tierVersion: 1, donorId: 'd', donationId: `don-${grantId}`, rewardKind: 'item', fairMarketValueMinor: String(fairMarketValueMinor), currency: 'GBP', grantedCount: position, grantedAt },
    metadata: { occurredAt: grantedAt, correlationId: 'c', causationId: 'c', committeeId: 'cmte' },
  });

  it('given three grants, one redelivered and one outside the period, then the period lists two with their fair market value', () => {
    const events = [granted(1, 'g1', '2026-03-01T10:00:00.000Z', 1_500), granted(2, 'g2', '2026-03-31T23:59:59.000Z', 2_000), granted(3, 'g3', '2026-04-01T00:00:00.000Z', 9_999)];
    const rows = [...foldProjection(rewardGrantsProjection, [...events, events[0]]).values()];
    const report = rewardsGranted({ committeeId: 'cmte', rows, from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(report).toMatchObject({ count: 2, fairMarketValueMinor: 3_500n });
    expect(report.grants.map((g) => g.grantId)).toEqual(['g1', 'g2']);
  });
});
