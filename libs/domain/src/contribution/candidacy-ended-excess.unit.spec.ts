import { validatePayload, type CandidacyEndedV1, type EventMetadata } from '#contracts';
import { rulePackInZone } from '#compliance-rules';
import { candidacyEndedHeldEvent } from './candidacy-ended-excess.js';
import { donationOf, GENERAL } from './donor-aggregate.fixtures.spec.js';

// 11 CFR 102.9(e)(3): the candidate lost the primary of 2 June 2026 (New York days); general
// gifts already in hand are refunded within 60 days of the primary, later ones 60 days after receipt.
const NY = 'America/New_York';
const ended = { eventId: 'evt-ended', payload: { committeeId: 'c-smith', electionId: GENERAL, cause: 'lost_primary', endedOn: '2026-06-02', reason: 'Lost.', recordedBy: 'officer' } satisfies CandidacyEndedV1 };
const metadata: EventMetadata = { occurredAt: '2026-06-03T14:00:00.000Z', correlationId: 'c', causationId: 'evt-ended', committeeId: 'c-smith', actor: 'officer' };
const giftOf = (receivedAt: string, keptMinor: bigint) => ({ received: donationOf('gen', '50000', GENERAL, { receivedAt }), keptMinor, pack: rulePackInZone('US-FEC-CANDIDATE', receivedAt, NY) });

describe('candidacyEndedHeldEvent', () => {
  it('given $500.00 for the general received on 20 May, when the primary of 2 June is lost, then all of it is held for a refund due 1 August', () => {
    const held = candidacyEndedHeldEvent(ended, giftOf('2026-05-20T16:00:00.000Z', 50_000n), metadata);
    expect(held?.payload).toMatchObject({ excessAmountMinor: '50000', acceptedAmountMinor: '0', dueOn: '2026-08-01', remedies: ['refund'], figures: { cause: 'candidacy_ended', candidacyEndedOn: '2026-06-02' } });
    expect(held && validatePayload(held.type, held.version, held.payload)).toEqual([]);
  });

  it('given the gift was received at 23:30 New York on primary day (03:30Z the next day), then it is due 60 days after the primary too', () => {
    expect(candidacyEndedHeldEvent(ended, giftOf('2026-06-03T03:30:00.000Z', 50_000n), metadata)?.payload.dueOn).toBe('2026-08-01');
  });

  it('given a gift received on 10 June and counted before the end was recorded, then it is due 60 days after its receipt, 9 August', () => {
    expect(candidacyEndedHeldEvent(ended, giftOf('2026-06-10T16:00:00.000Z', 50_000n), metadata)?.payload.dueOn).toBe('2026-08-09');
  });

  it('given $200.00 of it already refunded, then the $300.00 kept is held; given nothing kept, then nothing', () => {
    expect(candidacyEndedHeldEvent(ended, giftOf('2026-05-20T16:00:00.000Z', 30_000n), metadata)?.payload).toMatchObject({ excessAmountMinor: '30000', acceptedAmountMinor: '20000' });
    expect(candidacyEndedHeldEvent(ended, giftOf('2026-05-20T16:00:00.000Z', 0n), metadata)).toBeNull();
  });

  it('given the end applied twice, then the same event id: nothing is held twice', () => {
    const gift = giftOf('2026-05-20T16:00:00.000Z', 50_000n);
    expect(candidacyEndedHeldEvent(ended, gift, metadata)?.eventId).toBe(candidacyEndedHeldEvent(ended, gift, metadata)?.eventId);
  });
});
