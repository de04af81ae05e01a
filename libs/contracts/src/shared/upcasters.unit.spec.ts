import type { RecordedEvent } from './envelope.js';
import type { ContributionCountedV1 } from '../compliance/compliance.events.js';
import type { DonationAcceptedV2, DonationReceivedV5 } from '../donation/donation.events.js';
import type { DonationAcceptedV1, DonationFlaggedV1, DonationReceivedV1 } from '../donation/donation.events.v1.js';
import type { RecurringPlanCreatedV1 } from '../recurring/recurring.events.js';
import { validatePayload } from './schemas.js';
import { CURRENT_VERSIONS, upcast } from './upcasters.js';

function stored<P>(type: string, version: number, payload: P): RecordedEvent<string, P> {
  return {
    eventId: '0b6f1c7e-5a0e-8d2f-9c41-3f1d2a7b8e90',
    type,
    version,
    payload,
    metadata: {
      occurredAt: '2024-10-01T18:30:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      committeeId: 'cmte-1',
      donorId: 'donor-hash-1',
    },
    streamId: 'donation-don-1',
    revision: 0,
    position: 41,
    recordedAt: '2024-10-01T18:30:00.120Z',
    prevHash: '',
    hash: 'a3f1',
  };
}

const acceptedV1: DonationAcceptedV1 = {
  donationId: 'don-1',
  campaignId: 'camp-1',
  committeeId: 'cmte-1',
  donorId: 'donor-hash-1',
  electionId: 'G2026',
  acceptedAmountMinor: '2500',
  currency: 'USD',
  aggregateAfterMinor: '2500',
  ruleIds: ['fec.limit.individual'],
  rulePackVersion: 'us-fec@2025-01-01',
};

const receivedV1 = (overrides: Partial<DonationReceivedV1> = {}): DonationReceivedV1 => ({
  donationId: 'don-1',
  campaignId: 'camp-1',
  committeeId: 'cmte-1',
  amountCents: 2500,
  currency: 'USD',
  donor: { donorId: 'donor-hash-1', type: 'individual', sealedPii: 'sealed:abc' },
  paymentReference: 'ch_3PqX',
  receivedAt: '2024-10-01T18:29:59.000Z',
  ...overrides,
});

/** Freezes the whole object graph, so any write by the code under test throws (ES modules are strict). */
type ReadCurrent = RecordedEvent<'DonationReceived', DonationReceivedV5>;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('upcast', () => {
  describe('given a DonationReceived v1 event as the first release stored it', () => {
    const event = stored('DonationReceived', 1, receivedV1());

    it('when read, then it is current: decimal-string amount, no designation, empty attestations, card payment, details, registration and match keys not known, no wall consent', () => {
      const read = upcast<ReadCurrent>(event);

      expect(read.version).toBe(CURRENT_VERSIONS.DonationReceived);
      expect(read.payload).toEqual<DonationReceivedV5>({
        donationId: 'don-1',
        campaignId: 'camp-1',
        committeeId: 'cmte-1',
        amountMinor: '2500',
        currency: 'USD',
        donor: { donorId: 'donor-hash-1', type: 'individual', sealedPii: 'sealed:abc', attestations: {}, detailsGiven: null, registrationNumber: null },
        payment: { method: 'card', pspReference: 'ch_3PqX', inKind: null },
        electionId: null,
        receivedAt: '2024-10-01T18:29:59.000Z',
        matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
        publicAcknowledgement: null,
      });
    });

    it('when read, then the result satisfies the current payload schema', () => {
      expect(validatePayload('DonationReceived', CURRENT_VERSIONS.DonationReceived, upcast(event).payload)).toEqual([]);
    });

    it('when read, then the envelope (ids, position, hash chain, metadata) is carried over unchanged', () => {
      const { payload: _v1, version: _one, ...envelope } = event;
      const { payload: _v2, version: _two, ...readEnvelope } = upcast(event);
      expect(readEnvelope).toEqual(envelope);
    });

    it('when read, then the stored event is not mutated', () => {
      const frozen = deepFreeze(stored('DonationReceived', 1, receivedV1()));
      const before = structuredClone(frozen);

      const read = upcast(frozen);

      expect(frozen).toEqual(before);
      expect(read).not.toBe(frozen);
    });

    it('when it has no payment reference and an anonymous donor, then both stay null', () => {
      const anonymous = receivedV1({
        paymentReference: null,
        donor: { donorId: 'donor-hash-2', type: 'individual', sealedPii: null },
      });
      const read = upcast<ReadCurrent>(stored('DonationReceived', 1, anonymous));
      expect(read.payload.payment.pspReference).toBeNull();
      expect(read.payload.donor.sealedPii).toBeNull();
    });

    it('when the amount is the largest safe integer, then the decimal string is exact', () => {
      const read = upcast<ReadCurrent>(
        stored('DonationReceived', 1, receivedV1({ amountCents: Number.MAX_SAFE_INTEGER })),
      );
      expect(read.payload.amountMinor).toBe('9007199254740991');
    });
  });

  describe('given a v1 amount that cannot be an exact count of cents', () => {
    it.each([
      ['beyond the safe-integer range', 2 ** 53],
      ['fractional', 12.5],
      ['not a number', Number.NaN],
    ])('when read with an amount %s, then it is refused rather than rounded', (_case, amountCents) => {
      const event = stored('DonationReceived', 1, receivedV1({ amountCents }));
      expect(() => upcast(event)).toThrow('DonationReceived v1 don-1: amountCents is not a safe integer');
    });
  });

  describe('given an event already at the current version', () => {
    it('when read, then it is returned untouched (the same object)', () => {
      const accepted: DonationAcceptedV2 = { ...acceptedV1, figures: { limitMinor: '350000' }, itemized: false };
      const event = deepFreeze(stored('DonationAccepted', 2, accepted));
      expect(upcast(event)).toBe(event);
    });

    it('when a v5 DonationReceived is read, then it is returned untouched', () => {
      const event = deepFreeze(stored('DonationReceived', 5, { amountMinor: '2500' }));
      expect(upcast(event)).toBe(event);
    });

    it('when a v4 gift in kind is read, then it says what was given is not known (never a guess), and money stays money', () => {
      const inKind = upcast<ReadCurrent>(stored('DonationReceived', 4, { amountMinor: '2500', payment: { method: 'in_kind', pspReference: null } }));
      expect({ version: inKind.version, payment: inKind.payload.payment }).toEqual({ version: 5, payment: { method: 'in_kind', pspReference: null, inKind: null } });
      const card = upcast<ReadCurrent>(stored('DonationReceived', 4, { amountMinor: '2500', payment: { method: 'card', pspReference: 'ch_1' } }));
      expect(card.payload.payment).toEqual({ method: 'card', pspReference: 'ch_1', inKind: null });
    });

    it('when a v3 DonationReceived is read, then it names nobody on the donor wall (consent is never assumed)', () => {
      const read = upcast<ReadCurrent>(stored('DonationReceived', 3, { amountMinor: '2500', payment: { method: 'card', pspReference: null } }));
      expect(read.version).toBe(5);
      expect(read.payload).toMatchObject({ amountMinor: '2500', publicAcknowledgement: null });
    });
  });

  describe('given a stored version with no upcaster to the next one', () => {
    it('when read, then it throws instead of handing a wrong shape to the reader', () => {
      const event = stored('DonationReceived', 0, { amount: 25 });
      expect(() => upcast(event)).toThrow('no upcaster for DonationReceived v0');
    });
  });

  describe('given a CommitteeRegistered v1 written before tenants existed', () => {
    const v1 = {
      committeeId: 'cmte-1',
      name: 'Friends of Ada',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'G2026', kind: 'general', date: '2026-11-03' }],
      defaultElectionId: 'G2026',
      registeredBy: 'intake-api',
    };

    it('when read, then it is a valid current version of the default tenant and the stored v1 is not changed', () => {
      const event = deepFreeze(stored('CommitteeRegistered', 1, v1));
      const read = upcast(event);
      expect(read.version).toBe(3);
      expect(read.payload).toEqual({ ...v1, tenantId: 'default', timeZone: 'America/New_York', timeZoneDefaulted: true });
      expect(validatePayload('CommitteeRegistered', 3, read.payload)).toEqual([]);
      expect(event.payload).toEqual(v1);
    });
  });

  describe('given a CommitteeRegistered v2 written before committees had a time zone', () => {
    const v2 = (jurisdiction: string, currency: string) => ({
      committeeId: 'cmte-2',
      name: 'A committee',
      jurisdiction,
      currency,
      elections: [],
      defaultElectionId: null,
      registeredBy: 'intake-api',
      tenantId: 'party-a',
    });

    it.each([
      ['US-FEC-CANDIDATE', 'USD', 'America/New_York'],
      ['UK-PPERA-PARTY', 'GBP', 'Europe/London'],
      ['UK-PPERA-ACCOUNTING-UNIT', 'GBP', 'Europe/London'],
    ])('when a %s committee is read, then it has its profile default zone (%s), marked as defaulted', (jurisdiction, currency, zone) => {
      const event = deepFreeze(stored('CommitteeRegistered', 2, v2(jurisdiction, currency)));
      const read = upcast(event);
      expect(read.payload).toEqual({ ...v2(jurisdiction, currency), timeZone: zone, timeZoneDefaulted: true });
      expect(validatePayload('CommitteeRegistered', 3, read.payload)).toEqual([]);
      expect(event.payload).toEqual(v2(jurisdiction, currency));
    });
  });

  describe('given decisions written before figures, itemization and donor details were recorded', () => {
    /** Reads a stored payload as the current version: valid against its schema, the stored event unchanged. */
    const readCurrent = (type: string, version: number, payload: object): unknown => {
      const event = deepFreeze(stored(type, version, structuredClone(payload)));
      const read = upcast(event);
      expect(read.version).toBe(CURRENT_VERSIONS[type]);
      expect(validatePayload(type, read.version, read.payload)).toEqual([]);
      expect(event.payload).toEqual(payload);
      return read.payload;
    };

    it('when a DonationAccepted v1 is read, then it compared no recorded figures and its itemization is not known', () => {
      expect(readCurrent('DonationAccepted', 1, acceptedV1)).toEqual({ ...acceptedV1, figures: {}, itemized: null });
    });

    it('when a DonationFlagged v1 is read, then it has no figures and no deadlines', () => {
      const flagged: DonationFlaggedV1 = { donationId: 'don-1', campaignId: 'camp-1', reasons: [{ code: 'x', detail: 'y' }], ruleIds: [], rulePackVersion: 'p' };
      expect(readCurrent('DonationFlagged', 1, flagged)).toEqual({ ...flagged, figures: {}, deadlines: [] });
    });

    it('when a ContributionCounted v1 is read, then its payment method and itemization are not known', () => {
      const counted: ContributionCountedV1 = { donationId: 'don-1', donorId: 'd', electionId: 'G2026', amountMinor: '2500', currency: 'USD', aggregateAfterMinor: '2500' };
      expect(readCurrent('ContributionCounted', 1, counted)).toEqual({ ...counted, paymentMethod: null, itemized: null, figures: {}, ruleIds: [] });
    });

    it('when a DonationReceived v2 or a RecurringPlanCreated v1 is read, then the donor details given are not known (and the plan keeps the UTC days it was scheduled on)', () => {
      const donor = { donorId: 'donor-hash-1', type: 'individual' as const, sealedPii: null, attestations: { ownFunds: true } };
      const receivedV2 = { ...acceptedV1, donor, payment: { method: 'card', pspReference: null }, receivedAt: '2026-01-01T00:00:00.000Z' };
      const { acceptedAmountMinor: _a, aggregateAfterMinor: _b, ruleIds: _c, rulePackVersion: _d, donorId: _e, ...v2 } = { ...receivedV2, amountMinor: '2500' };
      expect(readCurrent('DonationReceived', 2, v2)).toEqual({
        ...v2,
        donor: { ...donor, detailsGiven: null, registrationNumber: null },
        payment: { ...v2.payment, inKind: null },
        matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
        publicAcknowledgement: null,
      });
      const plan: RecurringPlanCreatedV1 = {
        planId: 'plan-1',
        campaignId: 'camp-1',
        committeeId: 'cmte-1',
        amountMinor: '1000',
        currency: 'USD',
        donor,
        payment: { method: 'card', mandateReference: 'sub_1' },
        electionId: null,
        dayOfMonth: 1,
        startsOn: '2026-02-01',
        consent: { consentedAt: '2026-01-20T09:00:00.000Z', text: 'monthly', version: 'v1' },
        createdBy: 'intake-api',
      };
      expect(readCurrent('RecurringPlanCreated', 1, plan)).toEqual({ ...plan, donor: { ...donor, detailsGiven: null, registrationNumber: null }, timeZone: 'UTC' });
    });

    it('when a DonationReceived v3 is read, then no PPERA attestation, no registration number, no match keys and no wall consent were given', () => {
      const donor = { donorId: 'donor-hash-1', type: 'company' as const, sealedPii: null, attestations: {}, detailsGiven: null };
      const v3 = { donationId: 'd', campaignId: 'c', committeeId: 'k', amountMinor: '60000', currency: 'GBP', donor, payment: { method: 'card', pspReference: null }, electionId: null, receivedAt: '2026-01-01T00:00:00.000Z' };
      const read = readCurrent('DonationReceived', 3, v3);
      expect(read).toEqual({
        ...v3,
        donor: { ...donor, registrationNumber: null },
        payment: { ...v3.payment, inKind: null },
        matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
        publicAcknowledgement: null,
      });
      expect(validatePayload('DonationReceived', 5, read)).toEqual([]);
    });
  });
});
