import { earmarkForwardingDeadline } from './earmark-forwarding.rule.js';
import { rulePackFor, rulePackInZone } from './rule-packs.js';

const pack = rulePackFor('US-FEC-CANDIDATE', '2026-09-02T10:00:00Z');
const deadline = (amountMinor: bigint, recipientType: 'authorized_committee' | 'political_committee', receivedAt = '2026-09-02T23:59:59Z') =>
  earmarkForwardingDeadline(pack, { receivedAt, amountMinor, recipientType });

describe('earmark forwarding deadline (11 CFR 102.8, 110.6)', () => {
  it('given $250.00 earmarked for a candidate committee on 2 September, it is due on 12 September (10 days)', () => {
    expect(deadline(25_000n, 'authorized_committee')).toMatchObject({ dueOn: '2026-09-12', days: 10 });
  });

  it('given $50.00 or less for a candidate committee, it is still 10 days: the 30-day rule is for political committees', () => {
    expect(deadline(5_000n, 'authorized_committee')).toMatchObject({ dueOn: '2026-09-12', days: 10 });
  });

  it('given exactly $50.00 for a party committee, it may take 30 days', () => {
    expect(deadline(5_000n, 'political_committee')).toMatchObject({ dueOn: '2026-10-02', days: 30, citation: '11 CFR 102.8(b)(1)' });
  });

  it('given $50.01 for a party committee, it is 10 days', () => {
    expect(deadline(5_001n, 'political_committee')).toMatchObject({ dueOn: '2026-09-12', days: 10 });
  });

  it('counts from the UTC day received, whatever the offset it was written with', () => {
    expect(deadline(25_000n, 'authorized_committee', '2026-09-02T21:00:00-05:00')).toMatchObject({ dueOn: '2026-09-13' });
  });

  it('across a month end: received 25 December, due 4 January', () => {
    expect(deadline(10_000n, 'authorized_committee', '2025-12-25T12:00:00Z')).toMatchObject({ dueOn: '2026-01-04' });
  });
});

describe('earmark forwarding deadline on the conduit committee local day (issue 14, item 1)', () => {
  it('given $250.00 received at 23:30 in New York on 2 September (03:30Z on 3 September), it is due on 12 September, counted from the local day', () => {
    const receivedAt = '2026-09-03T03:30:00Z';
    const ny = rulePackInZone('US-FEC-CANDIDATE', receivedAt, 'America/New_York');
    expect(earmarkForwardingDeadline(ny, { receivedAt, amountMinor: 25_000n, recipientType: 'authorized_committee' })).toMatchObject({ dueOn: '2026-09-12' });
    expect(earmarkForwardingDeadline(pack, { receivedAt, amountMinor: 25_000n, recipientType: 'authorized_committee' })).toMatchObject({ dueOn: '2026-09-13' });
  });
});
