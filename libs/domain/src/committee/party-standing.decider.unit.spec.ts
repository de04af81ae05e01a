import type { CommitteeEvent, CommitteeRegistered, EventMetadata, JurisdictionProfile } from '#contracts';
import { filingObligations } from '#compliance-rules';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { evolveCommittee, initialCommitteeState, type CommitteeState } from './committee.decider.js';
import {
  declareGeneralElectionPeriod,
  filingCommitteeOf,
  linkAccountingUnit,
  recordFiling,
  type DeclareGeneralElectionPeriod,
  type RecordFiling,
} from './party-standing.decider.js';

// Issue 14, items 8, 10 and 11: a UK party records its general election period (PPERA s.63(6)),
// the reports it delivered (s.65), and its accounting units (s.26, s.27). Days are UK days.
const metadata = (occurredAt: string, committeeId = 'party'): EventMetadata => ({ occurredAt, correlationId: 'corr', causationId: 'req', committeeId, actor: 'officer-1' });
const registered = (committeeId = 'party', jurisdiction: JurisdictionProfile = 'UK-PPERA-PARTY', tenantId = 't-1'): CommitteeRegistered => ({
  eventId: `ev-reg-${committeeId}`,
  type: 'CommitteeRegistered',
  version: 3,
  payload: { committeeId, name: committeeId, jurisdiction, currency: jurisdiction.startsWith('UK') ? 'GBP' : 'USD', elections: [], defaultElectionId: null, registeredBy: 'admin', tenantId, timeZone: 'Europe/London', timeZoneDefaulted: true },
  metadata: metadata('2024-01-10T10:00:00.000Z', committeeId),
});
const declare = (changes: Partial<DeclareGeneralElectionPeriod['data']> = {}, at = '2024-05-30T09:00:00.000Z'): DeclareGeneralElectionPeriod => ({
  type: 'DeclareGeneralElectionPeriod',
  eventId: 'ev-gep',
  metadata: metadata(at),
  data: { committeeId: 'party', periodId: 'ukpga-2024', dissolvedOn: '2024-05-30', pollOn: '2024-07-04', heldIn: ['great_britain', 'northern_ireland'], partyRegisteredIn: ['great_britain'], reason: 'Parliament dissolved', declaredBy: 'officer-1', ...changes },
});
const file = (changes: Partial<RecordFiling['data']> = {}, at = '2024-06-11T16:00:00.000Z'): RecordFiling => ({
  type: 'RecordFiling',
  eventId: 'ev-filed',
  metadata: metadata(at),
  data: { committeeId: 'party', kind: 'ppera_weekly', periodTo: '2024-06-05', filedOn: '2024-06-11', reference: 'PEF-1', reason: 'delivered on PEF Online', recordedBy: 'officer-1', ...changes },
});
const periodSpec = deciderSpec({ decide: declareGeneralElectionPeriod, evolve: evolveCommittee, initialState: initialCommitteeState });
const filingSpec = deciderSpec({ decide: recordFiling, evolve: evolveCommittee, initialState: initialCommitteeState });
const fold = (events: CommitteeEvent[]): CommitteeState => events.reduce(evolveCommittee, initialCommitteeState());
const declared = () => periodSpec.given([registered()]).when(declare()).decision();

describe('PPERA s.63(6): a general election period', () => {
  describe('given a registered UK party', () => {
    it('when the dissolution on 30 May and poll on 4 July are declared, then the event holds the period, where it is held and the party\'s registers', () => {
      expect(declared()).toEqual([expect.objectContaining({ type: 'GeneralElectionPeriodDeclared', version: 1, payload: expect.objectContaining({ periodId: 'ukpga-2024', dissolvedOn: '2024-05-30', pollOn: '2024-07-04', partyRegisteredIn: ['great_britain'] }) })]);
    });

    it('when the poll is the day before the dissolution, then it is refused; the same day for both is one period of one day', () => {
      periodSpec.given([registered()]).when(declare({ pollOn: '2024-05-29' })).thenRejects('general_election_period_invalid');
      expect(periodSpec.given([registered()]).when(declare({ pollOn: '2024-05-30' })).decision()).toHaveLength(1);
    });

    it('when the period is 61 days, then it is refused; 60 days is kept', () => {
      periodSpec.given([registered()]).when(declare({ pollOn: '2024-07-30' })).thenRejects('general_election_period_invalid');
      expect(periodSpec.given([registered()]).when(declare({ pollOn: '2024-07-29' })).decision()).toHaveLength(1);
    });

    it('when no reason, a 30 February or no part of the UK is given, then each is refused by name', () => {
      periodSpec.given([registered()]).when(declare({ reason: ' ' })).thenRejects('reason_required');
      periodSpec.given([registered()]).when(declare({ dissolvedOn: '2024-02-30' })).thenRejects('general_election_period_invalid');
      periodSpec.given([registered()]).when(declare({ heldIn: [] })).thenRejects('general_election_period_invalid');
    });
  });

  it('given the same period declared already, when declared again alike, then nothing is written; a corrected poll day is written', () => {
    const [event] = declared();
    periodSpec.given([registered(), event as CommitteeEvent]).when(declare()).then([]);
    expect(periodSpec.given([registered(), event as CommitteeEvent]).when(declare({ pollOn: '2024-07-05' })).decision()).toHaveLength(1);
  });

  it('given an accounting unit, when it declares a period, then it is refused: weekly reports are the central organisation\'s', () => {
    periodSpec.given([registered('party', 'UK-PPERA-ACCOUNTING-UNIT')]).when(declare()).thenRejects('general_election_period_invalid');
  });
});

describe('PPERA s.65: recording that a report was filed', () => {
  const withPeriod = (): CommitteeEvent[] => [registered(), ...(declared() as CommitteeEvent[])];

  it('given week 1 (30 May to 5 June) closed, when it is recorded as filed on 11 June, then it is filed and no longer owed as due or overdue', () => {
    const events = filingSpec.given(withPeriod()).when(file()).decision();
    expect(events).toEqual([expect.objectContaining({ type: 'FilingRecorded', payload: expect.objectContaining({ kind: 'ppera_weekly', periodTo: '2024-06-05', name: 'Pre-poll week 1 ukpga-2024', filedOn: '2024-06-11' }) })]);
    const state = fold([...withPeriod(), ...(events as CommitteeEvent[])]) as CommitteeState & { status: 'registered' };
    const week1 = filingObligations(filingCommitteeOf(state, '2024-06-20'), '2024-06-20').find((o) => o.periodTo === '2024-06-05');
    expect(week1).toMatchObject({ status: 'filed', filedOn: '2024-06-11', filedLate: false });
  });

  it('when filed on the period\'s last day (5 June), then it is refused: the week is not over; on 6 June it is kept', () => {
    filingSpec.given(withPeriod()).when(file({ filedOn: '2024-06-05' })).thenRejects('filing_invalid');
    expect(filingSpec.given(withPeriod()).when(file({ filedOn: '2024-06-06' })).decision()).toHaveLength(1);
  });

  it('when the day filed is after the committee\'s today (UK day), then it is refused', () => {
    filingSpec.given(withPeriod()).when(file({ filedOn: '2024-06-12' }, '2024-06-11T22:59:00.000Z')).thenRejects('filing_invalid');
    expect(filingSpec.given(withPeriod()).when(file({ filedOn: '2024-06-12' }, '2024-06-11T23:00:00.000Z')).decision()).toHaveLength(1);
  });

  it('when a report not owed is named (a week whose period has not closed, a period that is no week), then it is unknown', () => {
    filingSpec.given(withPeriod()).when(file({ periodTo: '2024-06-12' })).thenRejects('filing_unknown');
    filingSpec.given(withPeriod()).when(file({ periodTo: '2024-06-04' })).thenRejects('filing_unknown');
    filingSpec.given([registered()]).when(file()).thenRejects('filing_unknown');
  });

  it('given Q1 2024 closed, when it is recorded as filed on 30 April, then it is kept; the same record twice writes nothing', () => {
    const q1 = file({ kind: 'ppera_quarterly', periodTo: '2024-03-31', filedOn: '2024-04-30' }, '2024-05-02T09:00:00.000Z');
    const events = filingSpec.given([registered()]).when(q1).decision() as CommitteeEvent[];
    expect(events[0]).toMatchObject({ payload: { name: 'Q1 2024' } });
    filingSpec.given([registered(), ...events]).when(q1).then([]);
  });
});

describe('PPERA s.26, s.27: an accounting unit belongs to its central organisation', () => {
  const link = { type: 'LinkAccountingUnit' as const, eventId: '7d3b7bbd-2c1c-4a5e-9d4f-0d9b9e1c2a11', metadata: metadata('2024-02-01T10:00:00.000Z'), data: { committeeId: 'party', unitCommitteeId: 'unit', reason: 'registered accounting unit', linkedBy: 'officer-1' } };
  const party = fold([registered()]);
  const unit = fold([registered('unit', 'UK-PPERA-ACCOUNTING-UNIT')]);

  it('given a UK party and its unit, when linked, then each stream gets the link, and each state knows the other', () => {
    const events = linkAccountingUnit(link, party, unit);
    expect(events.map((e) => [e.payload.committeeId, e.metadata.committeeId])).toEqual([['party', 'party'], ['unit', 'unit']]);
    const [onParty, onUnit] = events as [CommitteeEvent, CommitteeEvent];
    expect(evolveCommittee(party, onParty)).toMatchObject({ accountingUnits: ['unit'] });
    expect(evolveCommittee(unit, onUnit)).toMatchObject({ centralCommitteeId: 'party' });
  });

  it('given the unit linked already to this party, then nothing is written; to another party, then it is refused', () => {
    const [, onUnit] = linkAccountingUnit(link, party, unit) as [CommitteeEvent, CommitteeEvent];
    const linked = evolveCommittee(unit, onUnit);
    expect(linkAccountingUnit(link, party, linked)).toEqual([]);
    const other = fold([registered('other')]);
    expect(() => linkAccountingUnit({ ...link, data: { ...link.data, committeeId: 'other' } }, other, linked)).toThrow(expect.objectContaining({ code: 'accounting_unit_already_linked' }));
  });

  it('given a party as the unit, a unit as the party, or a unit of another tenant, then each is refused', () => {
    const code = (run: () => unknown) => expect(run).toThrow(expect.objectContaining({ code: 'accounting_unit_invalid' }));
    code(() => linkAccountingUnit(link, party, fold([registered('unit')])));
    code(() => linkAccountingUnit(link, unit, unit));
    code(() => linkAccountingUnit(link, party, fold([registered('unit', 'UK-PPERA-ACCOUNTING-UNIT', 't-2')])));
  });
});
