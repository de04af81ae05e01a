import type { CommitteeRegisteredV3, DonationDeposited, DonationEvent, DonationReceivedV5, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { correctDonationDate, recordDeposit, type CorrectDonationDate, type RecordDeposit } from './donation-dates.decider.js';
import { evolveDonation, initialDonationState } from './donation.decider.js';

// Issue 14, item 2: receipt, deposit and acceptance are three dates; a wrong one is corrected by
// a ledger fact with its reason, never edited.
const NY = 'America/New_York';
const NOW = '2026-04-20T15:00:00.000Z';
const meta = (occurredAt: string): EventMetadata => ({ occurredAt, correlationId: 'corr', causationId: 'corr', committeeId: 'c-smith', donorId: 'dn_jane', actor: 'officer-1' });

const fec: CommitteeRegisteredV3 = {
  committeeId: 'c-smith', name: 'Smith for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
  elections: [{ electionId: 'p-2026', kind: 'primary', date: '2026-06-02' }], defaultElectionId: 'p-2026', registeredBy: 'admin', tenantId: 'party-a',
  timeZone: NY, timeZoneDefaulted: false,
};
const committee: CommitteeState = { status: 'registered', ...fec };

// 23:30 in New York on 31 March: 03:30Z on 1 April.
const RECEIVED_AT = '2026-04-01T03:30:00.000Z';
const payload: DonationReceivedV5 = {
  donationId: 'd1', campaignId: 'cmp', committeeId: 'c-smith', amountMinor: '50000', currency: 'USD',
  donor: { donorId: 'dn_jane', type: 'individual', sealedPii: null, attestations: { usCitizenOrPermanentResident: true }, detailsGiven: { mailingAddress: true, occupation: true, employer: true }, registrationNumber: null },
  payment: { method: 'check', pspReference: 'chk-101', inKind: null }, electionId: 'p-2026', receivedAt: RECEIVED_AT,
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null }, publicAcknowledgement: null,
};
const received: DonationEvent = { eventId: 'ev-r', type: 'DonationReceived', version: 4, payload, metadata: meta(RECEIVED_AT) };
const accepted: DonationEvent = {
  eventId: 'ev-a', type: 'DonationAccepted', version: 2, metadata: meta('2026-04-01T03:30:02.000Z'),
  payload: { donationId: 'd1', campaignId: 'cmp', committeeId: 'c-smith', donorId: 'dn_jane', acceptedAmountMinor: '50000', currency: 'USD', electionId: 'p-2026', aggregateAfterMinor: '50000', ruleIds: [], rulePackVersion: 'US-FEC-CANDIDATE/2025-2026', figures: {}, itemized: true },
};
const FEC_STANDING = { citation: '11 CFR 103.3(a)', rulePackVersion: 'US-FEC-CANDIDATE/2025-2026' };
const deposited = (depositedOn: string, dueOn: string, late: boolean): DonationDeposited => ({
  eventId: 'ev-dep', type: 'DonationDeposited', version: 1, metadata: meta(NOW),
  payload: { donationId: 'd1', campaignId: 'cmp', committeeId: 'c-smith', depositedOn, dueOn, late, ...FEC_STANDING, recordedBy: 'officer-1' },
});

const deposit = (depositedOn: string, now = NOW, on: CommitteeState = committee): RecordDeposit => ({
  type: 'RecordDeposit', eventId: 'ev-dep', metadata: meta(now), data: { donationId: 'd1', depositedOn, recordedBy: 'officer-1' }, committee: on,
});
const correct = (date: CorrectDonationDate['data']['date'], corrected: string, reason = 'keyed in late from the cheque log'): CorrectDonationDate => ({
  type: 'CorrectDonationDate', eventId: 'ev-fix', metadata: meta(NOW), data: { donationId: 'd1', date, corrected, reason, correctedBy: 'officer-1' }, committee,
});

const depositSpec = deciderSpec({ decide: recordDeposit, evolve: evolveDonation, initialState: initialDonationState });
const correctionSpec = deciderSpec({ decide: correctDonationDate, evolve: evolveDonation, initialState: initialDonationState });

describe('11 CFR 103.3(a): recording the deposit', () => {
  describe('given a cheque received at 23:30 in New York on 31 March and accepted', () => {
    const given = depositSpec.given([received, accepted]);

    it('when it is deposited on 10 April, the tenth day after the local day of receipt, then it is on time', () => {
      given.when(deposit('2026-04-10')).then([deposited('2026-04-10', '2026-04-10', false)]);
    });

    it('when it is deposited on 11 April, then it is recorded as late (the UTC day of receipt would have made it on time)', () => {
      given.when(deposit('2026-04-11')).then([deposited('2026-04-11', '2026-04-10', true)]);
    });

    it('when the deposit day is before the local day of receipt, then it is refused', () => {
      given.when(deposit('2026-03-30')).thenRejects('donation_date_invalid', '2026-03-30 is before the day the donation was received (2026-03-31)');
    });

    it('when the deposit day is after the committee’s today, then it is refused', () => {
      given.when(deposit('2026-04-21')).thenRejects('donation_date_invalid', '2026-04-21 is after today (2026-04-20)');
    });
  });

  describe('given the deposit is recorded on 10 April', () => {
    const given = depositSpec.given([received, accepted, deposited('2026-04-10', '2026-04-10', false)]);

    it('when the same day is recorded again, then nothing is recorded', () => {
      given.when(deposit('2026-04-10')).then([]);
    });

    it('when another day is recorded, then it is refused: a recorded date is corrected with a reason, never overwritten', () => {
      given.when(deposit('2026-04-09')).thenRejects('donation_date_already_recorded');
    });
  });

  it('given no donation, then a deposit is refused', () => {
    depositSpec.given([]).when(deposit('2026-04-10')).thenRejects('donation_not_found');
  });
});

describe('correcting a donation date', () => {
  describe('given a deposited donation whose receipt was keyed in at 23:30 on 31 March', () => {
    const given = correctionSpec.given([received, accepted, deposited('2026-04-10', '2026-04-10', false)]);

    it('when the receipt is corrected to 28 March, then the correction keeps the previous date and reason, and the deposit is late against the new day', () => {
      const [fix] = given.when(correct('received', '2026-03-28T16:00:00.000Z')).decision();
      expect(fix.payload).toEqual({
        donationId: 'd1', campaignId: 'cmp', committeeId: 'c-smith', date: 'received', previous: RECEIVED_AT, corrected: '2026-03-28T16:00:00.000Z',
        reason: 'keyed in late from the cheque log', correctedBy: 'officer-1', deposit: { dueOn: '2026-04-07', late: true, ...FEC_STANDING },
      });
    });

    it('when the deposit is corrected to 9 April, then it is on time against the same deadline', () => {
      const [fix] = given.when(correct('deposited', '2026-04-09')).decision();
      expect(fix.payload).toMatchObject({ date: 'deposited', previous: '2026-04-10', corrected: '2026-04-09', deposit: { dueOn: '2026-04-10', late: false } });
    });

    it('when the receipt is moved after the deposit day, then it is refused: the dates must stay in order', () => {
      given.when(correct('received', '2026-04-12T15:00:00.000Z')).thenRejects('donation_date_invalid');
    });

    it('when the acceptance is moved before the receipt, then it is refused', () => {
      given.when(correct('accepted', '2026-03-30T12:00:00.000Z')).thenRejects('donation_date_invalid', `accepted 2026-03-30T12:00:00.000Z is before received ${RECEIVED_AT}`);
    });

    it('when the date given is the one recorded (written another way), then nothing is recorded', () => {
      given.when(correct('received', '2026-03-31T23:30:00-04:00')).then([]);
    });

    it('when no reason is given, then it is refused', () => {
      given.when(correct('received', '2026-03-28T16:00:00.000Z', '  ')).thenRejects('reason_required');
    });
  });

  describe('given a donation not yet deposited', () => {
    const given = correctionSpec.given([received, accepted]);

    it('when its deposit is corrected, then it is refused: there is no deposit date to correct', () => {
      given.when(correct('deposited', '2026-04-02')).thenRejects('donation_date_not_recorded');
    });

    it('when its receipt is corrected, then no deposit standing is stated', () => {
      const [fix] = given.when(correct('received', '2026-03-30T14:00:00.000Z')).decision();
      expect(fix.payload).toMatchObject({ date: 'received', deposit: null });
    });
  });

  describe('given a donation not yet accepted', () => {
    it('when its acceptance is corrected, then it is refused', () => {
      correctionSpec.given([received]).when(correct('accepted', '2026-04-02T12:00:00.000Z')).thenRejects('donation_date_not_recorded');
    });
  });
});

describe('the dates a donation carries', () => {
  it('given a receipt correction and a later acceptance, then the corrected receipt stands and the acceptance dates itself', () => {
    const fix: DonationEvent = { eventId: 'ev-fix', type: 'DonationDateCorrected', version: 1, metadata: meta(NOW), payload: { donationId: 'd1', campaignId: 'cmp', committeeId: 'c-smith', date: 'received', previous: RECEIVED_AT, corrected: '2026-03-28T16:00:00.000Z', reason: 'r', correctedBy: 'officer-1', deposit: null } };
    const state = [received, fix, accepted].reduce(evolveDonation, initialDonationState());
    expect(state.status !== 'none' && state.dates).toMatchObject({ receivedAt: '2026-03-28T16:00:00.000Z', acceptedAt: '2026-04-01T03:30:02.000Z', depositedOn: null, corrections: [{ date: 'received', previous: RECEIVED_AT }] });
    expect(state.status !== 'none' && state.received.receivedAt).toBe(RECEIVED_AT);
  });
});
