import { detectBurst, detectJustUnderThreshold, detectRoundTripRefund, detectStructuring, isJustUnder, type KeyHistory, type Sighting, type StructuringSubject } from './structuring-detectors.js';
import { FEC_STRUCTURING } from './structuring.js';
import { rulePackFor } from './rule-packs.js';

const rules = FEC_STRUCTURING;
const [itemization, notice48h] = rules.justUnderThreshold.thresholds;
const T0 = '2026-03-01T12:00:00.000Z';
const at = (offsetMs: number): string => new Date(Date.parse(T0) + offsetMs).toISOString();
const MINUTE = 60_000;

const donation = (donationId: string, donorId: string, amountMinor: bigint, when = T0): Sighting => ({ donationId, donorId, sighting: 'donation', amountMinor, at: when });
const refund = (donationId: string, donorId: string, when: string): Sighting => ({ donationId, donorId, sighting: 'refund', amountMinor: 19_000n, at: when });
const subject = (amountMinor: bigint, donorId = 'dn_c', receivedAt = T0): StructuringSubject => ({ donationId: 'd-now', donorId, amountMinor, receivedAt });
const onCard = (...earlier: Sighting[]): KeyHistory => ({ keyKind: 'paymentInstrument', earlier });
const ofDonor = (...earlier: Sighting[]): KeyHistory => ({ keyKind: 'donor', earlier });

describe('structuring rules in the pack', () => {
  it('given the 2025-26 and 2023-24 FEC packs, then both carry the structuring figures and the FEC figures are untouched', () => {
    for (const day of ['2024-06-01', '2026-06-01']) {
      const pack = rulePackFor('US-FEC-CANDIDATE', `${day}T00:00:00Z`);
      expect(pack.structuring?.justUnderThreshold.thresholds.map((t) => t.id)).toEqual(['itemization', '48-hour-notice']);
      expect(pack.amounts.itemizationThreshold?.amountMinor).toBe(20_000n);
    }
  });
});

describe('just under a threshold', () => {
  describe('given the itemization threshold of $200.00 and a 10% margin', () => {
    it('then $179.99 is not just under, $180.00 and $200.00 are (the FEC itemizes over $200), $200.01 is not', () => {
      expect([17_999n, 18_000n, 20_000n, 20_001n].map((a) => isJustUnder(a, itemization, 1_000))).toEqual([false, true, true, false]);
    });
  });
  describe('given the 48-hour notice threshold of $1,000.00', () => {
    it('then $999.99 is just under and $1,000.00 is not (a notice is due from $1,000)', () => {
      expect([89_999n, 90_000n, 99_999n, 100_000n].map((a) => isJustUnder(a, notice48h, 1_000))).toEqual([false, true, true, false]);
    });
  });

  describe('given two earlier donations of $190.00 on one card under two other names', () => {
    const history = onCard(donation('d1', 'dn_a', 19_000n, at(-60 * MINUTE)), donation('d2', 'dn_b', 19_000n, at(-30 * MINUTE)));
    it('when a third of $190.00 comes under a third name, then it is flagged with both as evidence and the figures', () => {
      expect(detectJustUnderThreshold(rules, subject(19_000n), history)).toEqual({
        detector: 'just-under-threshold',
        keyKind: 'paymentInstrument',
        relatedDonationIds: ['d1', 'd2'],
        figures: expect.objectContaining({ threshold: 'itemization', thresholdMinor: '20000', bandFloorMinor: '18000', donations: '3', distinctDonors: '3', combinedMinor: '57000' }),
      });
    });
    it('when the third is $179.99 (one minor unit under the band), then nothing is flagged', () => {
      expect(detectJustUnderThreshold(rules, subject(17_999n), history)).toBeNull();
    });
    it('when the third is $200.01 (over the threshold, itemized anyway), then nothing is flagged', () => {
      expect(detectJustUnderThreshold(rules, subject(20_001n), history)).toBeNull();
    });
  });

  describe('given earlier donations just under, by the same donor as the subject', () => {
    it('when all three are one name, then it is no split under different names', () => {
      const history = onCard(donation('d1', 'dn_c', 19_000n), donation('d2', 'dn_c', 19_000n));
      expect(detectJustUnderThreshold(rules, subject(19_000n), history)).toBeNull();
    });
  });

  describe('given the window of 7 days', () => {
    const week = 7 * 24 * 60 * MINUTE;
    it('when the first was one ms less than 7 days before, then it counts; at exactly 7 days it does not', () => {
      const inside = onCard(donation('d1', 'dn_a', 19_000n, at(-week + 1)), donation('d2', 'dn_b', 19_000n));
      const outside = onCard(donation('d1', 'dn_a', 19_000n, at(-week)), donation('d2', 'dn_b', 19_000n));
      expect(detectJustUnderThreshold(rules, subject(19_000n), inside)?.relatedDonationIds).toEqual(['d1', 'd2']);
      expect(detectJustUnderThreshold(rules, subject(19_000n), outside)).toBeNull();
    });
  });

  describe('given only one earlier donation (two in all, under the minimum of three)', () => {
    it('then nothing is flagged', () => {
      expect(detectJustUnderThreshold(rules, subject(19_000n), onCard(donation('d1', 'dn_a', 19_000n)))).toBeNull();
    });
  });

  describe('given a redelivered subject whose own sighting is listed again', () => {
    it('then it is never its own evidence', () => {
      const history = onCard(donation('d1', 'dn_a', 19_000n), donation('d-now', 'dn_c', 19_000n));
      expect(detectJustUnderThreshold(rules, subject(19_000n), history)).toBeNull();
    });
  });
});

describe('bursts from one donor', () => {
  const four = (gapMs: number): Sighting[] => [1, 2, 3, 4].map((n) => donation(`d${n}`, 'dn_c', 1_000n, at(-gapMs * n)));
  it('given four donations in the last 10 minutes, when a fifth comes, then it is flagged with the four', () => {
    expect(detectBurst(rules, subject(1_000n), ofDonor(...four(2 * MINUTE)))?.relatedDonationIds).toEqual(['d1', 'd2', 'd3', 'd4']);
  });
  it('given the fourth was one ms under 10 minutes before, then it is a burst; at exactly 10 minutes it is not', () => {
    const inside = [...four(MINUTE).slice(0, 3), donation('d4', 'dn_c', 1_000n, at(-10 * MINUTE + 1))];
    const outside = [...four(MINUTE).slice(0, 3), donation('d4', 'dn_c', 1_000n, at(-10 * MINUTE))];
    expect(detectBurst(rules, subject(1_000n), ofDonor(...inside))).not.toBeNull();
    expect(detectBurst(rules, subject(1_000n), ofDonor(...outside))).toBeNull();
  });
  it('given three earlier donations (four in all), then it is no burst', () => {
    expect(detectBurst(rules, subject(1_000n), ofDonor(...four(MINUTE).slice(0, 3)))).toBeNull();
  });
  it('given the same sightings on a card rather than the donor, then the burst detector does not look', () => {
    expect(detectBurst(rules, subject(1_000n), onCard(...four(MINUTE)))).toBeNull();
  });
});

describe('round-trip refunds', () => {
  it('given two earlier donations refunded, when the donor gives again, then it is flagged with the refunded ones', () => {
    const history = ofDonor(donation('d1', 'dn_c', 19_000n, at(-3 * MINUTE)), refund('d1', 'dn_c', at(-2 * MINUTE)), donation('d2', 'dn_c', 19_000n, at(-2 * MINUTE)), refund('d2', 'dn_c', at(-MINUTE)));
    expect(detectRoundTripRefund(rules, subject(19_000n), history)).toMatchObject({ detector: 'round-trip-refund', relatedDonationIds: ['d1', 'd2'], figures: { refundedDonations: '2' } });
  });
  it('given one refund between two donations (under the minimum of two), then nothing is flagged', () => {
    const history = ofDonor(donation('d1', 'dn_c', 19_000n, at(-2 * MINUTE)), refund('d1', 'dn_c', at(-MINUTE)), donation('d2', 'dn_c', 19_000n, at(-MINUTE)));
    expect(detectRoundTripRefund(rules, subject(19_000n), history)).toBeNull();
  });
  it('given refunds on one card under other names, then the card is what goes round', () => {
    const history = onCard(donation('d1', 'dn_a', 19_000n), refund('d1', 'dn_a', at(-MINUTE)), donation('d2', 'dn_b', 19_000n), refund('d2', 'dn_b', at(-MINUTE)));
    expect(detectRoundTripRefund(rules, subject(19_000n), history)?.keyKind).toBe('paymentInstrument');
  });
  it('given the refunds happened after this donation was received, then they are no round trip before it', () => {
    const history = ofDonor(donation('d1', 'dn_c', 1n), refund('d1', 'dn_c', at(MINUTE)), donation('d2', 'dn_c', 1n), refund('d2', 'dn_c', at(MINUTE)));
    expect(detectRoundTripRefund(rules, subject(19_000n), history)).toBeNull();
  });
});

describe('every detector over every key', () => {
  it('given a split on a card and a burst by the donor, then both findings are reported', () => {
    const card = onCard(donation('d1', 'dn_a', 19_000n), donation('d2', 'dn_b', 19_000n));
    const donor = ofDonor(...[1, 2, 3, 4].map((n) => donation(`e${n}`, 'dn_c', 19_000n, at(-n * MINUTE))));
    expect(detectStructuring(rules, subject(19_000n), [card, donor]).map((f) => f.detector)).toEqual(['just-under-threshold', 'burst']);
  });
  it('given nothing earlier, then nothing is found', () => {
    expect(detectStructuring(rules, subject(19_000n), [onCard(), ofDonor()])).toEqual([]);
  });
});
