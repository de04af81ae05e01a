import type { CommitteeRegisteredV3, DonationEvent, DonationReceivedV5, EventMetadata, ImpermissibleDonationDealtWith, ReturnAction } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { evolveDonation, initialDonationState } from './donation.decider.js';
import { disposalMannersAllowed, mannerOfRefund, recordImpermissibleDisposal, type RecordImpermissibleDisposal } from './impermissible-disposal.decider.js';

// Issue 14, item 7: how a donation the party may not keep was actually dealt with (PPERA 2000
// s.56(2), s.58), refused where the statute does not allow it. Days are London days.
const NOW = '2026-06-10T12:00:00.000Z';
const meta = (occurredAt: string): EventMetadata => ({ occurredAt, correlationId: 'corr', causationId: 'corr', committeeId: 'uk-party', donorId: 'dn_x', actor: 'officer-1' });

const party: CommitteeRegisteredV3 = {
  committeeId: 'uk-party', name: 'A Party', jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP',
  elections: [], defaultElectionId: null, registeredBy: 'admin', tenantId: 'party-a', timeZone: 'Europe/London', timeZoneDefaulted: false,
};
const committee: CommitteeState = { status: 'registered', ...party };


const RECEIVED_AT = '2026-03-31T23:30:00.000Z'; // 00:30 BST on 1 April: the London day of receipt is 1 April.
const payload: DonationReceivedV5 = {
  donationId: 'd1', campaignId: 'cmp', committeeId: 'uk-party', amountMinor: '100000', currency: 'GBP',
  donor: { donorId: 'dn_x', type: 'company', sealedPii: null, attestations: { carriesOnBusinessInUk: false }, detailsGiven: { mailingAddress: true, occupation: false, employer: false }, registrationNumber: 'KY1' },
  payment: { method: 'card', pspReference: 'ch_1', inKind: null }, electionId: null, receivedAt: RECEIVED_AT,
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null }, publicAcknowledgement: null,
};
const received: DonationEvent = { eventId: 'ev-r', type: 'DonationReceived', version: 5, payload, metadata: meta(RECEIVED_AT) };
const refusedAs = (code: string, action: ReturnAction): DonationEvent[] => [
  {
    eventId: 'ev-rej', type: 'DonationRejected', version: 1, metadata: meta('2026-03-31T23:30:01.000Z'),
    payload: { donationId: 'd1', campaignId: 'cmp', committeeId: 'uk-party', donorId: 'dn_x', code, detail: 'not permissible', figures: {}, ruleIds: [], rulePackVersion: 'UK-PPERA-PARTY/2024' },
  },
  {
    eventId: 'ev-ret', type: 'DonationReturnRequired', version: 1, metadata: meta('2026-03-31T23:30:01.000Z'),
    payload: { donationId: 'd1', campaignId: 'cmp', committeeId: 'uk-party', donorId: 'dn_x', amountMinor: '100000', currency: 'GBP', code, action, dueOn: '2026-04-30', figures: {}, ruleIds: [], rulePackVersion: 'UK-PPERA-PARTY/2024' },
  },
];
const impermissible = refusedAs('ppera_impermissible_donor', 'return_to_donor');
const unidentifiable = refusedAs('ppera_unidentifiable_donor', 'return_to_transferor_or_pay_electoral_commission');
const refunded: DonationEvent = {
  eventId: 'ev-ref', type: 'DonationRefunded', version: 1, metadata: meta('2026-04-10T10:00:00.000Z'),
  payload: { donationId: 'd1', campaignId: 'cmp', amountMinor: '100000', currency: 'GBP', reason: 'refund', decidedBy: 'psp', pspReference: 'ch_1' },
};

type Data = RecordImpermissibleDisposal['data'];
const record = (over: Partial<Data> = {}, now = NOW): RecordImpermissibleDisposal => ({
  type: 'RecordImpermissibleDisposal', eventId: 'ev-dealt', metadata: meta(now), committee,
  data: { donationId: 'd1', manner: 'return_to_donor', dealtWithOn: '2026-04-20', reference: null, reason: 'sent back by bank transfer', recordedBy: 'officer-1', ...over },
});
const dealt = (over: Partial<ImpermissibleDonationDealtWith['payload']> = {}): ImpermissibleDonationDealtWith => ({
  eventId: 'ev-dealt', type: 'ImpermissibleDonationDealtWith', version: 1, metadata: meta(NOW),
  payload: { donationId: 'd1', campaignId: 'cmp', committeeId: 'uk-party', manner: 'return_to_donor', dealtWithOn: '2026-04-20', reference: null, reason: 'sent back by bank transfer', recordedBy: 'officer-1', dueOn: '2026-04-30', late: false, ...over },
});

const spec = deciderSpec({ decide: recordImpermissibleDisposal, evolve: evolveDonation, initialState: initialDonationState });

describe('PPERA s.56(2)(a): a gift from an impermissible donor', () => {
  const given = spec.given([received, ...impermissible]);

  it('when returned to the donor on the 20th day (20 April), then it is recorded on time', () => {
    given.when(record()).then([dealt()]);
  });

  it('when returned to the person who passed it on, then it is recorded', () => {
    given.when(record({ manner: 'return_to_transferor', reference: 'BACS 991' })).then([dealt({ manner: 'return_to_transferor', reference: 'BACS 991' })]);
  });

  it('when returned on 1 May, the 31st day, then it is recorded as late', () => {
    given.when(record({ dealtWithOn: '2026-05-01' })).then([dealt({ dealtWithOn: '2026-05-01', late: true })]);
  });

  it('when paid to the Electoral Commission, then it is refused: that is for an unidentifiable donor only', () => {
    given.when(record({ manner: 'paid_to_electoral_commission' })).thenRejects('disposal_manner_not_allowed');
  });

  it('when dated 31 March, the London day before its receipt (1 April 00:30 BST), then it is refused', () => {
    given.when(record({ dealtWithOn: '2026-03-31' })).thenRejects('disposal_date_invalid');
  });

  it('when dated on the London day of receipt, then it is recorded', () => {
    given.when(record({ dealtWithOn: '2026-04-01' })).then([dealt({ dealtWithOn: '2026-04-01' })]);
  });

  it('when dated tomorrow in London, then it is refused; today is recorded', () => {
    given.when(record({ dealtWithOn: '2026-06-11' })).thenRejects('disposal_date_invalid');
    given.when(record({ dealtWithOn: '2026-06-10' })).then([dealt({ dealtWithOn: '2026-06-10', late: true })]);
  });

  it('when recorded without a reason, then it is refused', () => {
    given.when(record({ reason: '  ' })).thenRejects('reason_required');
  });

  it('when forfeited by a court order after the 30 days, then it is recorded (s.58)', () => {
    given.when(record({ manner: 'forfeited', dealtWithOn: '2026-06-01', reference: 'Westminster Magistrates FO/2026/7' })).then([
      dealt({ manner: 'forfeited', dealtWithOn: '2026-06-01', reference: 'Westminster Magistrates FO/2026/7', late: true }),
    ]);
  });

  it('when forfeited without the order, or on the 30th day, then it is refused', () => {
    given.when(record({ manner: 'forfeited', dealtWithOn: '2026-06-01' })).thenRejects('forfeiture_order_required');
    given.when(record({ manner: 'forfeited', dealtWithOn: '2026-04-30', reference: 'FO/1' })).thenRejects('forfeiture_not_available');
  });
});

describe('PPERA s.56(2)(b): an unidentifiable donation', () => {
  const given = spec.given([received, ...unidentifiable]);

  it('when paid to the Electoral Commission, then it is recorded', () => {
    given.when(record({ manner: 'paid_to_electoral_commission', reference: 'EC 2026/12' })).then([dealt({ manner: 'paid_to_electoral_commission', reference: 'EC 2026/12' })]);
  });

  it('when returned to the transferor, then it is recorded', () => {
    given.when(record({ manner: 'return_to_transferor' })).then([dealt({ manner: 'return_to_transferor' })]);
  });

  it('when "returned to the donor", then it is refused: the donor is unknown', () => {
    given.when(record({ manner: 'return_to_donor' })).thenRejects('disposal_manner_not_allowed');
  });
});

describe('given a donation already dealt with', () => {
  const given = spec.given([received, ...impermissible, dealt()]);

  it('when the same record comes again, then nothing new is written', () => {
    given.when(record()).then([]);
  });

  it('when a different record comes, then it is refused as a conflict', () => {
    given.when(record({ manner: 'return_to_transferor' })).thenRejects('donation_already_dealt_with');
    given.when(record({ dealtWithOn: '2026-04-21' })).thenRejects('donation_already_dealt_with');
  });
});

describe('given a donation refunded in full by the payment provider', () => {
  const given = spec.given([received, ...unidentifiable, refunded]);

  it('when recorded as returned to the transferor, then it is recorded', () => {
    given.when(record({ manner: 'return_to_transferor' })).then([dealt({ manner: 'return_to_transferor' })]);
  });

  it('when recorded as paid to the Commission, then it is refused: the money went back to whoever paid it', () => {
    given.when(record({ manner: 'paid_to_electoral_commission' })).thenRejects('donation_already_returned');
  });
});

describe('given a donation that was never impermissible', () => {
  it('when accepted, then nothing can be recorded', () => {
    const accepted: DonationEvent = {
      eventId: 'ev-a', type: 'DonationAccepted', version: 2, metadata: meta('2026-04-01T00:00:00.000Z'),
      payload: { donationId: 'd1', campaignId: 'cmp', committeeId: 'uk-party', donorId: 'dn_x', acceptedAmountMinor: '100000', currency: 'GBP', electionId: null, aggregateAfterMinor: '100000', ruleIds: [], rulePackVersion: 'UK-PPERA-PARTY/2024', figures: {}, itemized: false },
    } as DonationEvent;
    spec.given([received, accepted]).when(record()).thenRejects('donation_not_impermissible');
  });

  it('when there is no donation, then it is not found', () => {
    spec.given([]).when(record()).thenRejects('donation_not_found');
  });
});

describe('the manners each kind allows, and the manner a refund returns money in', () => {
  it('an impermissible donor: donor, transferor, forfeiture; unidentifiable: transferor, Commission, forfeiture', () => {
    expect(disposalMannersAllowed('return_to_donor')).toEqual(['return_to_donor', 'return_to_transferor', 'forfeited']);
    expect(disposalMannersAllowed('return_to_transferor_or_pay_electoral_commission')).toEqual(['return_to_transferor', 'paid_to_electoral_commission', 'forfeited']);
  });

  it('a refund goes to whoever paid: the donor, or for an unidentifiable donor the transferor', () => {
    expect(mannerOfRefund('return_to_donor')).toBe('return_to_donor');
    expect(mannerOfRefund('return_to_transferor_or_pay_electoral_commission')).toBe('return_to_transferor');
  });
});
