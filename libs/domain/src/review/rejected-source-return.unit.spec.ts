import type { EventMetadata, RecordedEvent, ReviewItemRejected } from '#contracts';
import { returnOfRejectedSource } from './rejected-source-return.js';

/*
 * Issue 14, item 7: a UK donation flagged because its donor's permissibility was not established,
 * which the officer refuses, must go back within 30 days beginning with the day of receipt
 * (PPERA s.56(2)); the quarterly report lists it with the day and manner of its return.
 */
const metadata: EventMetadata = { occurredAt: '2026-12-10T09:00:00.000Z', correlationId: 'c1', causationId: 'c1', committeeId: 'uk-party', actor: 'api-key:k1' };
const recorded = (type: string, payload: unknown): RecordedEvent =>
  ({ eventId: `ev-${type}`, type, version: 1, payload, metadata, streamId: 'donation-d1', revision: 0, position: 0, recordedAt: metadata.occurredAt, prevHash: '', hash: '' }) as RecordedEvent;

const received = recorded('DonationReceived', {
  donationId: 'd1', campaignId: 'spring', committeeId: 'uk-party', amountMinor: '150000', currency: 'GBP',
  donor: { donorId: 'dn_0123456789abcdef0123456789abcdef', type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null },
  payment: { method: 'card', pspReference: 'ch_1' }, electionId: null, receivedAt: '2026-12-01T12:00:00.000Z',
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
});
const flagged = recorded('DonationFlagged', {
  donationId: 'd1', campaignId: 'spring', reasons: [{ code: 'ppera_permissibility_not_established', detail: 'no attestation' }], ruleIds: ['ppera-permissible-donor'], rulePackVersion: 'UK-PPERA-PARTY/2024',
  figures: { amountMinor: '150000' }, deadlines: [{ action: 'establish_permissibility_or_return', dueOn: '2026-12-30' }],
});
const rejection = (item: 'questionable_source' | 'structuring'): ReviewItemRejected => ({
  eventId: 'ev-decision', type: 'ReviewItemRejected', version: 1, metadata,
  payload: { donationId: 'd1', committeeId: 'uk-party', item, officer: 'api-key:k1', reason: 'not on any register', refundAmountMinor: '150000', currency: 'GBP' },
});

describe('an officer refuses a questionable source', () => {
  describe('given a donation flagged because permissibility was not established', () => {
    it('when the officer rejects it, then it is rejected and must go back to the donor by the flag\'s deadline, 30 days beginning with receipt', () => {
      const events = returnOfRejectedSource(rejection('questionable_source'), [received, flagged]);
      expect(events.map((e) => e.type)).toEqual(['DonationRejected', 'DonationReturnRequired']);
      expect(events[0]).toMatchObject({ payload: { code: 'ppera_permissibility_not_established', detail: 'refused by an officer: not on any register', rulePackVersion: 'UK-PPERA-PARTY/2024' }, metadata: { causationId: 'ev-decision' } });
      expect(events[1]).toMatchObject({ payload: { amountMinor: '150000', currency: 'GBP', action: 'return_to_donor', dueOn: '2026-12-30', code: 'ppera_permissibility_not_established' } });
    });

    it('when the decision is applied twice, then both times give the same events, with the same ids', () => {
      expect(returnOfRejectedSource(rejection('questionable_source'), [received, flagged])).toEqual(returnOfRejectedSource(rejection('questionable_source'), [received, flagged]));
    });

    it('when the rejection is already on the donation\'s stream, then nothing more', () => {
      const rejected = returnOfRejectedSource(rejection('questionable_source'), [received, flagged])[0]!;
      expect(returnOfRejectedSource(rejection('questionable_source'), [received, flagged, { ...recorded('DonationRejected', rejected.payload), eventId: rejected.eventId }])).toEqual([]);
    });

    it('when a structuring suspicion is rejected instead, then the donation stream gets nothing from this rule', () => {
      expect(returnOfRejectedSource(rejection('structuring'), [received, flagged])).toEqual([]);
    });
  });

  describe('given a donation that was never flagged', () => {
    it('then a rejection returns nothing here', () => {
      expect(returnOfRejectedSource(rejection('questionable_source'), [received])).toEqual([]);
    });
  });
});
