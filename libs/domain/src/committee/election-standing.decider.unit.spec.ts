import type { CommitteeEvent, CommitteeRegistered, EventMetadata, NetDebtsContributionApplied } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { evolveCommittee, initialCommitteeState, type CommitteeState } from './committee.decider.js';
import { electionFactsOf } from './election-standing.js';
import { endCandidacy, recordNetDebts, type EndCandidacy, type RecordNetDebts } from './election-standing.decider.js';

// Issue 14, item 5: an officer records an election's net debts outstanding (11 CFR 110.1(b)(3))
// and the end of a candidacy (102.9(e)(3)); days are the committee's New York days.
const metadata = (occurredAt: string): EventMetadata => ({ occurredAt, correlationId: 'corr', causationId: 'req', committeeId: 'c-pe', actor: 'officer-1' });
const registered = (jurisdiction: 'US-FEC-CANDIDATE' | 'UK-PPERA-PARTY' = 'US-FEC-CANDIDATE'): CommitteeRegistered => ({
  eventId: 'ev-reg',
  type: 'CommitteeRegistered',
  version: 3,
  payload: {
    committeeId: 'c-pe',
    name: 'Lee for Congress',
    jurisdiction,
    currency: jurisdiction === 'US-FEC-CANDIDATE' ? 'USD' : 'GBP',
    elections: [
      { electionId: 'P2028', kind: 'primary', date: '2028-06-06' },
      { electionId: 'G2028', kind: 'general', date: '2028-11-07' },
    ],
    defaultElectionId: 'G2028',
    registeredBy: 'admin-1',
    tenantId: 'party-a',
    timeZone: 'America/New_York',
    timeZoneDefaulted: true,
  },
  metadata: metadata('2027-01-05T14:00:00.000Z'),
});
const record = (netDebtsMinor: bigint, asOf: string, at = '2028-06-20T15:00:00.000Z', electionId = 'P2028'): RecordNetDebts => ({
  type: 'RecordNetDebts',
  eventId: 'ev-debts',
  metadata: metadata(at),
  data: { committeeId: 'c-pe', electionId, netDebtsMinor, asOf, reason: 'unpaid printer and payroll', recordedBy: 'officer-1' },
});
const end = (endedOn: string, at = '2028-06-07T15:00:00.000Z', changes: Partial<EndCandidacy['data']> = {}): EndCandidacy => ({
  type: 'EndCandidacy',
  eventId: 'ev-end',
  metadata: metadata(at),
  data: { committeeId: 'c-pe', electionId: 'G2028', cause: 'lost_primary', endedOn, reason: 'certified primary result', recordedBy: 'officer-1', ...changes },
});
const debtsSpec = deciderSpec({ decide: recordNetDebts, evolve: evolveCommittee, initialState: initialCommitteeState });
const endSpec = deciderSpec({ decide: endCandidacy, evolve: evolveCommittee, initialState: initialCommitteeState });
const fold = (events: CommitteeEvent[]): CommitteeState => events.reduce(evolveCommittee, initialCommitteeState());
const applied = (appliedMinor: string, netDebtsRemainingMinor: string): NetDebtsContributionApplied => ({
  eventId: `ev-applied-${appliedMinor}`,
  type: 'NetDebtsContributionApplied',
  version: 1,
  payload: { committeeId: 'c-pe', electionId: 'P2028', donationId: `d-${appliedMinor}`, appliedMinor, netDebtsRemainingMinor },
  metadata: metadata('2028-06-21T15:00:00.000Z'),
});

describe("an election's net debts outstanding (11 CFR 110.1(b)(3))", () => {
  describe('given a registered FEC committee whose primary was on 6 June 2028', () => {
    it('when $600.00 is recorded as of the primary day, then the event carries the figure as minor units, the day, the reason and the officer', () => {
      const [event] = debtsSpec.given([registered()]).when(record(60_000n, '2028-06-06')).decision();
      expect(event).toMatchObject({ type: 'ElectionNetDebtsRecorded', version: 1, payload: { electionId: 'P2028', netDebtsMinor: '60000', asOf: '2028-06-06', reason: 'unpaid printer and payroll', recordedBy: 'officer-1' } });
    });

    it('when stated as of the day before the primary, then it is refused: net debts are of an election held', () => {
      debtsSpec.given([registered()]).when(record(60_000n, '2028-06-05')).thenRejects('net_debts_invalid');
    });

    it("when stated as of 7 June, at 00:30 on 7 June in New York (04:30Z), then 7 June is the committee's today: recorded", () => {
      expect(debtsSpec.given([registered()]).when(record(1n, '2028-06-07', '2028-06-07T04:30:00.000Z')).decision()).toHaveLength(1);
    });

    it("when stated as of 7 June, at 23:30 on 6 June in New York (03:30Z on 7 June), then 7 June is still tomorrow there: refused", () => {
      debtsSpec.given([registered()]).when(record(1n, '2028-06-07', '2028-06-07T03:30:00.000Z')).thenRejects('net_debts_invalid');
    });

    it('when negative, for an unknown election, or without a reason, then each is refused by name', () => {
      const given = debtsSpec.given([registered()]);
      given.when(record(-1n, '2028-06-06')).thenRejects('net_debts_invalid');
      given.when(record(1n, '2028-06-06', undefined, 'R2028')).thenRejects('election_unknown');
      given.when({ ...record(1n, '2028-06-06'), data: { ...record(1n, '2028-06-06').data, reason: '  ' } }).thenRejects('reason_required');
    });

    it('when $0 is recorded (the debts paid off), then it is recorded: a later gift keeps nothing', () => {
      expect(debtsSpec.given([registered()]).when(record(0n, '2028-06-06')).decision()).toHaveLength(1);
    });
  });

  describe('given $600.00 recorded as of 20 June', () => {
    const recorded = () => debtsSpec.given([registered()]).when(record(60_000n, '2028-06-20')).decision()[0];

    it('when the same figure as of the same day is recorded again, then nothing is written', () => {
      debtsSpec.given([registered(), recorded()]).when(record(60_000n, '2028-06-20')).then([]);
    });

    it('when gifts of $250.00 and $300.00 are applied, then $50.00 remains; a new record replaces the figure', () => {
      const state = fold([registered(), recorded(), applied('25000', '35000'), applied('30000', '5000')]);
      if (state.status !== 'registered') throw new Error('expected a registered committee');
      expect(electionFactsOf(state, 'P2028')).toEqual({ date: '2028-06-06', netDebtsRemainingMinor: 5_000n, candidacyEndedOn: null });
      const [again] = debtsSpec.given([registered(), recorded(), applied('25000', '35000')]).when(record(20_000n, '2028-06-25', '2028-06-25T15:00:00.000Z')).decision();
      const after = evolveCommittee(state, again);
      expect(after.status === 'registered' && after.netDebts?.P2028).toEqual({ recordedMinor: 20_000n, asOf: '2028-06-25', remainingMinor: 20_000n });
    });
  });

  it('given a UK party, when it records net debts, then it is refused: its donations count toward no election', () => {
    debtsSpec.given([registered('UK-PPERA-PARTY')]).when(record(1n, '2028-06-06')).thenRejects('elections_not_applicable');
  });

  it('given no committee, then committee_not_found', () => {
    debtsSpec.given([]).when(record(1n, '2028-06-06')).thenRejects('committee_not_found');
  });
});

describe('the end of a candidacy (11 CFR 102.9(e)(3))', () => {
  describe('given a committee with a primary on 6 June 2028 and the general on 7 November', () => {
    it('when the loss of the primary is recorded for the general on primary day, then CandidacyEnded says so', () => {
      const [event] = endSpec.given([registered()]).when(end('2028-06-06')).decision();
      expect(event).toMatchObject({ type: 'CandidacyEnded', version: 1, payload: { electionId: 'G2028', cause: 'lost_primary', endedOn: '2028-06-06', recordedBy: 'officer-1' } });
    });

    it('when a loss is dated the day before the primary, then no primary was held by then: refused', () => {
      endSpec.given([registered()]).when(end('2028-06-05', '2028-06-05T15:00:00.000Z')).thenRejects('candidacy_end_invalid');
    });

    it('when a withdrawal is dated before any primary, then it is recorded', () => {
      expect(endSpec.given([registered()]).when(end('2028-03-01', '2028-03-01T15:00:00.000Z', { cause: 'withdrew' })).decision()).toHaveLength(1);
    });

    it('when the end is asked of the primary itself, or dated after the committee-local today, then each is refused', () => {
      const given = endSpec.given([registered()]);
      given.when(end('2028-06-06', undefined, { electionId: 'P2028' })).thenRejects('candidacy_end_invalid');
      given.when(end('2028-06-07', '2028-06-07T03:30:00.000Z')).thenRejects('candidacy_end_invalid');
    });

    it('when recorded, then the same again writes nothing and a different record is refused', () => {
      const [ended] = endSpec.given([registered()]).when(end('2028-06-06')).decision();
      endSpec.given([registered(), ended]).when(end('2028-06-06')).then([]);
      endSpec.given([registered(), ended]).when(end('2028-06-06', undefined, { cause: 'withdrew' })).thenRejects('candidacy_already_ended');
      const state = fold([registered(), ended]);
      expect(state.status === 'registered' && electionFactsOf(state, 'G2028')).toEqual({ date: '2028-11-07', netDebtsRemainingMinor: null, candidacyEndedOn: '2028-06-06' });
    });
  });
});
