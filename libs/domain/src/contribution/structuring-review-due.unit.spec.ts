import type { EventMetadata } from '#contracts';
import { rulePackInZone, type KeyHistory } from '#compliance-rules';
import { suspicionOf } from './structuring.decider.js';
import { donationOf } from './donor-aggregate.fixtures.spec.js';

// Issue 14, item 1: the officer's review of a structuring flag is due on a day of the committee's
// calendar, counted from its local day of receipt, like every other remedy deadline.
const NY = 'America/New_York';
const metadata = (occurredAt: string): EventMetadata => ({ occurredAt, correlationId: 'c', causationId: 'c', committeeId: 'c-smith', donorId: 'dn_jane', actor: 'compliance' });

function suspectedAt(receivedAt: string, timeZone: string) {
  const pack = rulePackInZone('US-FEC-CANDIDATE', receivedAt, timeZone);
  const burst = pack.structuring?.burst;
  if (!burst) throw new Error('the FEC pack runs the burst detector');
  const earlier = Array.from({ length: burst.minDonations - 1 }, (_, i) => ({ donationId: `earlier-${i}`, donorId: 'dn_jane', sighting: 'donation' as const, amountMinor: 1_000n, at: new Date(Date.parse(receivedAt) - (i + 1) * 1_000).toISOString() }));
  const histories: KeyHistory[] = [{ keyKind: 'donor', earlier }];
  const suspected = suspicionOf(donationOf('subject', '1000', null, { receivedAt }), 'ev-subject', pack, histories, metadata(receivedAt));
  return { suspected, reviewDays: pack.structuring?.reviewDays ?? 0 };
}

describe('the structuring review deadline on the committee local day', () => {
  it('given a burst ending at 23:30 in New York on 31 March (03:30Z on 1 April), when it is flagged, then the review is due counted from 31 March', () => {
    const { suspected, reviewDays } = suspectedAt('2026-04-01T03:30:00.000Z', NY);
    const due = new Date(Date.parse('2026-03-31T00:00:00.000Z') + reviewDays * 86_400_000).toISOString().slice(0, 10);
    expect(suspected?.payload.reviewDueOn).toBe(due);
  });

  it('given the same instant under a UTC committee, then the day counted from is 1 April', () => {
    const { suspected, reviewDays } = suspectedAt('2026-04-01T03:30:00.000Z', 'UTC');
    const due = new Date(Date.parse('2026-04-01T00:00:00.000Z') + reviewDays * 86_400_000).toISOString().slice(0, 10);
    expect(suspected?.payload.reviewDueOn).toBe(due);
  });
});
