import type { DonationEvent, EarmarksForwarded, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { evolveDonation, initialDonationState, type DonationState } from '../donation/donation.decider.js';
import { earmarksReceivedOf, evolveForwarding, forwardingObligations, initialForwardingState, recordForwarding, type EarmarkedShare, type RecordForwarding } from './forwarding.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-09-05T12:00:00.000Z', correlationId: 'corr-f', causationId: 'req-f', committeeId: 'c-conduit', actor: 'officer-1' };

/** A share received on 2 September and decided as given. */
function share(donationId: string, recipient: string, amountMinor: bigint, decided: 'accepted' | 'rejected' | null, acceptedMinor = amountMinor, refundedMinor = 0n): DonationState {
  const base = { eventId: `ev-${donationId}`, version: 1, metadata };
  const events: DonationEvent[] = [
    {
      ...base,
      version: 4,
      type: 'DonationReceived',
      payload: {
        donationId, campaignId: 'cmp-split', committeeId: recipient, amountMinor: amountMinor.toString(), currency: 'USD',
        donor: { donorId: 'dn_jane', type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null, registrationNumber: null },
        payment: { method: 'card', pspReference: 'pi_1', inKind: null }, electionId: 'g-2026', receivedAt: '2026-09-02T10:00:00.000Z',
        matchKeys: { paymentInstrument: null, address: null, email: null, device: null }, publicAcknowledgement: null,
      },
    },
  ];
  if (decided === 'accepted') events.push({ ...base, eventId: `acc-${donationId}`, version: 2, type: 'DonationAccepted', payload: { donationId, acceptedAmountMinor: acceptedMinor.toString(), itemized: false, figures: {}, ruleIds: [], rulePackVersion: 'US-FEC-CANDIDATE/2025-2026' } } as unknown as DonationEvent);
  if (decided === 'rejected') events.push({ ...base, eventId: `rej-${donationId}`, type: 'DonationRejected', payload: { donationId, code: 'donor_exceeds_election_limit', detail: 'x', ruleIds: [], rulePackVersion: 'US-FEC-CANDIDATE/2025-2026' } } as unknown as DonationEvent);
  if (refundedMinor > 0n) events.push({ ...base, eventId: `ref-${donationId}`, type: 'DonationRefunded', payload: { donationId, campaignId: 'cmp-split', amountMinor: refundedMinor.toString(), currency: 'USD', reason: 'x', decidedBy: 'x', pspReference: 'pi_1' } });
  return events.reduce(evolveDonation, initialDonationState());
}

const shares = new Map<string, DonationState>([
  ['d-ada', share('d-ada', 'c-ada', 20_000n, 'accepted', 10_000n)],
  ['d-ada2', share('d-ada2', 'c-ada', 5_000n, 'accepted', 5_000n, 1_000n)],
  ['d-bo', share('d-bo', 'c-bo', 5_000n, 'accepted')],
  ['d-rej', share('d-rej', 'c-ada', 5_000n, 'rejected')],
]);
const forward = (donationIds: string[], data: Partial<RecordForwarding['data']> = {}): RecordForwarding => ({
  type: 'RecordForwarding',
  eventId: 'ev-b1',
  metadata,
  data: { batchId: 'b1', conduitCommitteeId: 'c-conduit', campaignId: 'cmp-split', recipientCommitteeId: 'c-ada', forwardedOn: '2026-09-05', donationIds, recordedBy: 'officer-1', ...data },
  shares,
});
const spec = deciderSpec({ decide: recordForwarding, evolve: evolveForwarding, initialState: initialForwardingState });

describe('forwarding decider', () => {
  describe('given nothing forwarded', () => {
    it('records a transfer of what the shares still count for: $100.00 kept of a partly accepted share and $40.00 of a refunded one', () => {
      const [event] = spec.given([]).when(forward(['d-ada', 'd-ada2'])).decision();
      expect(event.payload).toMatchObject({ batchId: 'b1', recipientCommitteeId: 'c-ada', amountMinor: '14000', currency: 'USD', forwardedOn: '2026-09-05', donationIds: ['d-ada', 'd-ada2'] });
    });

    it('refuses a share of another recipient, a rejected share, a share named twice, and a transfer dated before receipt', () => {
      spec.given([]).when(forward(['d-bo'])).thenRejects('forwarding_share_invalid');
      spec.given([]).when(forward(['d-rej'])).thenRejects('forwarding_share_invalid');
      spec.given([]).when(forward(['d-ada', 'd-ada'])).thenRejects('forwarding_share_invalid');
      spec.given([]).when(forward(['d-ada'], { forwardedOn: '2026-09-01' })).thenRejects('forwarding_share_invalid');
    });
  });

  describe('given batch b1 recorded', () => {
    const b1 = spec.given([]).when(forward(['d-ada'])).decision()[0] as EarmarksForwarded;

    it('the same batch again writes nothing; the same id with other shares is refused', () => {
      spec.given([b1]).when(forward(['d-ada'])).then([]);
      spec.given([b1]).when(forward(['d-ada2'])).thenRejects('forwarding_batch_exists');
    });

    it('a share already forwarded cannot be forwarded again in another batch', () => {
      spec.given([b1]).when(forward(['d-ada'], { batchId: 'b2' })).thenRejects('earmark_already_forwarded');
    });
  });
});

describe('forwarding obligations', () => {
  const row = (donationId: string, recipientCommitteeId: string, countedMinor: bigint, decision: EarmarkedShare['decision']): EarmarkedShare => ({ donationId, recipientCommitteeId, receivedAt: '2026-09-02T10:00:00.000Z', countedMinor, decision });
  const rows = [row('d-ada', 'c-ada', 10_000n, 'accepted'), row('d-bo', 'c-bo', 5_000n, 'accepted'), row('d-party', 'c-party', 5_000n, 'accepted'), row('d-rej', 'c-ada', 0n, 'rejected'), row('d-wait', 'c-ada', 0n, null)];
  const types = new Map([['c-party', 'political_committee' as const]]);
  const forwardedLate = evolveForwarding(initialForwardingState(), { eventId: 'e', type: 'EarmarksForwarded', version: 1, metadata, payload: { batchId: 'b9', conduitCommitteeId: 'c-conduit', campaignId: 'cmp-split', recipientCommitteeId: 'c-bo', amountMinor: '5000', currency: 'USD', forwardedOn: '2026-09-13', donationIds: ['d-bo'], recordedBy: 'x' } });

  it('on 12 September, received on 2 September: the 10-day shares are due, $50.00 to a party committee has 30 days', () => {
    const list = forwardingObligations(rows, initialForwardingState(), types, '2026-09-12');
    expect(list.map((o) => [o.donationId, o.dueOn, o.status])).toEqual([
      ['d-ada', '2026-09-12', 'due'],
      ['d-bo', '2026-09-12', 'due'],
      ['d-party', '2026-10-02', 'due'],
      ['d-rej', '2026-09-12', 'not_owed'],
      ['d-wait', '2026-09-12', 'awaiting_decision'],
    ]);
  });

  it('on 13 September the 10-day shares not forwarded are overdue; one forwarded that day is forwarded, and late', () => {
    const list = forwardingObligations(rows, forwardedLate, types, '2026-09-13');
    expect(list.map((o) => [o.donationId, o.status, o.late, o.batchId])).toEqual([
      ['d-ada', 'overdue', false, null],
      ['d-bo', 'forwarded', true, 'b9'],
      ['d-party', 'due', false, null],
      ['d-rej', 'not_owed', false, null],
      ['d-wait', 'overdue', false, null],
    ]);
  });
});

describe('the recipient\'s record of a transfer', () => {
  it('names the conduit, is keyed by the recipient and derives its id from the conduit\'s record', () => {
    const [forwarded] = recordForwarding(forward(['d-ada']), initialForwardingState());
    const received = earmarksReceivedOf(forwarded, { fecId: 'C00000015', name: 'Victory Fund' });
    expect(received).toMatchObject({ type: 'EarmarksReceived', payload: { ...forwarded.payload, conduitFecId: 'C00000015', conduitName: 'Victory Fund' }, metadata: { committeeId: 'c-ada', causationId: forwarded.eventId } });
    expect(received.eventId).toBe(earmarksReceivedOf(forwarded, { fecId: 'C00000015', name: 'Victory Fund' }).eventId);
    expect(received.eventId).not.toBe(forwarded.eventId);
  });
});
