import { detectStructuring, structuringLookbackMinutes, type KeyHistory, type Sighting, type StructuringSubject } from './structuring-detectors.js';
import { FEC_STRUCTURING, type StructuringRules } from './structuring.js';
import { rulePackFor } from './rule-packs.js';

const MINUTE = 60_000;
const T0 = '2026-03-01T12:00:00.000Z';
const at = (offsetMinutes: number): string => new Date(Date.parse(T0) + offsetMinutes * MINUTE).toISOString();
const subject: StructuringSubject = { donationId: 'd-now', donorId: 'dn_c', amountMinor: 19_000n, receivedAt: T0 };
const donation = (donationId: string, donorId: string, when: string): Sighting => ({ donationId, donorId, sighting: 'donation', amountMinor: 19_000n, at: when });
const refund = (donationId: string, donorId: string, when: string): Sighting => ({ donationId, donorId, sighting: 'refund', amountMinor: 19_000n, at: when });

describe('how far the structuring detectors look', () => {
  describe('given the FEC pack (just under: 7 days, burst: 10 minutes, round trip: 30 days)', () => {
    it('then the lookback is the round trip refund window of 30 days, read from the pack in force', () => {
      expect(structuringLookbackMinutes(FEC_STRUCTURING)).toBe(30 * 24 * 60);
      const pack = rulePackFor('US-FEC-CANDIDATE', '2026-06-01T00:00:00Z');
      expect(structuringLookbackMinutes(pack.structuring!)).toBe(pack.structuring!.roundTripRefund.windowMinutes);
    });
  });

  describe('given rules whose burst window is the largest', () => {
    const rules: StructuringRules = { ...FEC_STRUCTURING, burst: { minDonations: 5, windowMinutes: 60 * 24 * 60 } };
    it('then the lookback follows it', () => {
      expect(structuringLookbackMinutes(rules)).toBe(60 * 24 * 60);
    });
  });

  describe('given every pattern the detectors find, on each side of the subject', () => {
    const lookback = structuringLookbackMinutes(FEC_STRUCTURING);
    const patterns = (offset: number): KeyHistory[] => [
      { keyKind: 'paymentInstrument', earlier: [donation('d1', 'dn_a', at(offset)), donation('d2', 'dn_b', at(offset))] },
      { keyKind: 'donor', earlier: ['d3', 'd4', 'd5', 'd6'].map((id) => donation(id, 'dn_c', at(offset))) },
      { keyKind: 'donor', earlier: [donation('d7', 'dn_c', at(-90 * 24 * 60)), donation('d8', 'dn_c', at(-90 * 24 * 60)), refund('d7', 'dn_c', at(offset)), refund('d8', 'dn_c', at(offset))] },
    ];
    it('when the sightings are one minute inside the lookback, then something is found', () => {
      expect(detectStructuring(FEC_STRUCTURING, subject, patterns(-(lookback - 1)))).not.toEqual([]);
    });
    it('when they are the lookback away, before or after the subject, then nothing is found', () => {
      expect(detectStructuring(FEC_STRUCTURING, subject, patterns(-lookback))).toEqual([]);
      expect(detectStructuring(FEC_STRUCTURING, subject, patterns(lookback))).toEqual([]);
    });
  });
});
