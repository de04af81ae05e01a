import { refundForEndedCandidacy } from './candidacy-ended.rule.js';
import { rulePackInZone } from './rule-packs.js';

// Issue 14, item 5 (11 CFR 102.9(e)(3)): the candidate lost the primary of 2 June 2026, so every
// gift for the general is refunded within 60 days, counted in the committee's New York days.
const NY = 'America/New_York';
const refund = (receivedAt: string, candidacyEndedOn: string | null = '2026-06-02') =>
  refundForEndedCandidacy(rulePackInZone('US-FEC-CANDIDATE', receivedAt, NY), { receivedAt, candidacyEndedOn });

describe('11 CFR 102.9(e)(3): gifts for an election the candidate will not run in', () => {
  it('given no end recorded, then nothing is refunded', () => {
    expect(refund('2026-06-10T16:00:00.000Z', null)).toBeNull();
  });

  it('given a gift already in hand on 20 May, then its refund is due 60 days after the loss: 1 August', () => {
    expect(refund('2026-05-20T16:00:00.000Z')).toEqual({ endedOn: '2026-06-02', dueOn: '2026-08-01', remedies: ['refund'], citation: '11 CFR 102.9(e)(3)' });
  });

  it('given a gift at 23:59 on 10 June in New York (03:59Z on 11 June), then due 9 August; at 00:01 on 11 June (04:01Z), due 10 August', () => {
    expect(refund('2026-06-11T03:59:00.000Z')?.dueOn).toBe('2026-08-09');
    expect(refund('2026-06-11T04:01:00.000Z')?.dueOn).toBe('2026-08-10');
  });

  it('given a gift on the day of the loss itself, then due 60 days after that day', () => {
    expect(refund('2026-06-02T20:00:00.000Z')?.dueOn).toBe('2026-08-01');
  });
});
