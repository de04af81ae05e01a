import type { CommitteeRegistered, CommitteeTimeZoneChanged, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import {
  changeCommitteeTimeZone,
  committeeTimeZoneAt,
  evolveCommittee,
  initialCommitteeState,
  registerCommittee,
  type ChangeCommitteeTimeZone,
  type CommitteeState,
  type RegisterCommittee,
} from './committee.decider.js';

// Issue 14, item 1: a committee's legal days are calendar days of its own IANA zone.
const metadata = (occurredAt: string): EventMetadata => ({ occurredAt, correlationId: 'corr', causationId: 'req', committeeId: 'c-tz', actor: 'admin-1' });

const fecData: RegisterCommittee['data'] = {
  committeeId: 'c-tz',
  name: 'Lee for Congress',
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-11-03' }],
  defaultElectionId: 'g-2026',
  registeredBy: 'admin-1',
  tenantId: 'party-a',
};
const ukData: RegisterCommittee['data'] = { ...fecData, jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP', elections: [], defaultElectionId: null };

const register = (data: Partial<RegisterCommittee['data']>): RegisterCommittee => ({ type: 'RegisterCommittee', eventId: 'ev-reg', metadata: metadata('2026-01-05T09:00:00.000Z'), data: { ...fecData, ...data } });
const registerSpec = deciderSpec({ decide: registerCommittee, evolve: evolveCommittee, initialState: initialCommitteeState });

const registeredIn = (timeZone: string): CommitteeRegistered => ({
  eventId: 'ev-reg',
  type: 'CommitteeRegistered',
  version: 3,
  payload: { ...fecData, timeZone, timeZoneDefaulted: false },
  metadata: metadata('2026-01-05T09:00:00.000Z'),
});
const change = (timeZone: string, at: string, reason = 'the treasurer works from Los Angeles'): ChangeCommitteeTimeZone => ({
  type: 'ChangeCommitteeTimeZone',
  eventId: 'ev-tz',
  metadata: metadata(at),
  data: { committeeId: 'c-tz', timeZone, reason, changedBy: 'admin-1' },
});
const changed = (previousTimeZone: string, timeZone: string, at: string): CommitteeTimeZoneChanged => ({
  eventId: 'ev-tz',
  type: 'CommitteeTimeZoneChanged',
  version: 1,
  payload: { committeeId: 'c-tz', previousTimeZone, timeZone, effectiveFrom: at, reason: 'the treasurer works from Los Angeles', changedBy: 'admin-1' },
  metadata: metadata(at),
});
const changeSpec = deciderSpec({ decide: changeCommitteeTimeZone, evolve: evolveCommittee, initialState: initialCommitteeState });

describe('a committee time zone', () => {
  describe('given no committee, when it registers', () => {
    it('a US committee that names no zone gets America/New_York, and the event says it was defaulted', () => {
      const [event] = registerSpec.given([]).when(register({})).decision();
      expect(event.payload).toMatchObject({ timeZone: 'America/New_York', timeZoneDefaulted: true });
    });

    it('a US committee keeps the IANA zone it names', () => {
      const [event] = registerSpec.given([]).when(register({ timeZone: 'America/Los_Angeles' })).decision();
      expect(event.payload).toMatchObject({ timeZone: 'America/Los_Angeles', timeZoneDefaulted: false });
    });

    it('a UK party that names none, or names Europe/London, counts UK days', () => {
      for (const timeZone of [undefined, null, 'Europe/London']) {
        const [event] = registerSpec.given([]).when(register({ ...ukData, timeZone })).decision();
        expect(event.payload.timeZone).toBe('Europe/London');
      }
    });

    it('refuses a UK party in another zone: PPERA counts UK days', () => {
      registerSpec.given([]).when(register({ ...ukData, timeZone: 'Europe/Paris' })).thenRejects('time_zone_mismatch', /Europe\/London/);
    });

    it.each(['EST', '+05:00', 'Mars/Olympus_Mons', 'america/new york', ''])('refuses %p, which is no IANA zone', (timeZone) => {
      registerSpec.given([]).when(register({ timeZone })).thenRejects('time_zone_invalid');
    });
  });

  describe('given a committee registered in America/New_York', () => {
    const given = changeSpec.given([registeredIn('America/New_York')]);

    it('when the zone changes, then a CommitteeTimeZoneChanged with the reason applies from the change on', () => {
      given.when(change('America/Los_Angeles', '2026-03-01T17:00:00.000Z')).then([changed('America/New_York', 'America/Los_Angeles', '2026-03-01T17:00:00.000Z')]);
    });

    it('when asked for the zone it already has, then nothing is written', () => {
      given.when(change('America/New_York', '2026-03-01T17:00:00.000Z')).then([]);
    });

    it('refuses a change without a reason, and a zone that is no IANA zone', () => {
      given.when(change('America/Chicago', '2026-03-01T17:00:00.000Z', '  ')).thenRejects('reason_required');
      given.when(change('CST', '2026-03-01T17:00:00.000Z')).thenRejects('time_zone_invalid');
    });

    it('refuses a change for a committee that does not exist', () => {
      changeSpec.given([]).when(change('America/Chicago', '2026-03-01T17:00:00.000Z')).thenRejects('committee_not_found');
    });
  });

  describe('the zone in force at an instant', () => {
    const state = changeSpec.given([registeredIn('America/New_York'), changed('America/New_York', 'America/Los_Angeles', '2026-03-01T17:00:00.000Z')]).state as CommitteeState & { status: 'registered' };

    it('is the registered zone before the change, the new one from its instant on', () => {
      expect(committeeTimeZoneAt(state, '2026-03-01T16:59:59.999Z')).toBe('America/New_York');
      expect(committeeTimeZoneAt(state, '2026-03-01T17:00:00.000Z')).toBe('America/Los_Angeles');
      expect(state.timeZone).toBe('America/Los_Angeles');
    });

    it("is the profile's default for a committee state without one", () => {
      expect(committeeTimeZoneAt({ jurisdiction: 'US-FEC-CANDIDATE' }, '2026-03-01T00:00:00Z')).toBe('America/New_York');
      expect(committeeTimeZoneAt({ jurisdiction: 'UK-PPERA-ACCOUNTING-UNIT' }, '2026-03-01T00:00:00Z')).toBe('Europe/London');
    });
  });
});
