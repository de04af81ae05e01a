import type { CommitteeRegistered, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { evolveCommittee, initialCommitteeState, registerCommittee, type RegisterCommittee } from './committee.decider.js';

const metadata: EventMetadata = {
  occurredAt: '2026-01-05T09:00:00.000Z',
  correlationId: 'corr-committee',
  causationId: 'req-committee',
  committeeId: 'c-smith',
  actor: 'officer-1',
};

const fec: RegisterCommittee['data'] = {
  committeeId: 'c-smith',
  name: 'Smith for Congress',
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [
    { electionId: 'p-2026', kind: 'primary', date: '2026-06-02' },
    { electionId: 'g-2026', kind: 'general', date: '2026-11-03' },
  ],
  defaultElectionId: 'p-2026',
  registeredBy: 'officer-1',
  tenantId: 'party-a',
};

const register = (data: Partial<RegisterCommittee['data']> = {}): RegisterCommittee => ({
  type: 'RegisterCommittee',
  eventId: 'ev-committee-1',
  metadata,
  data: { ...fec, ...data },
});

const registered = (data: Partial<RegisterCommittee['data']> = {}): CommitteeRegistered => {
  const { timeZone, ...rest } = { ...fec, ...data };
  const zone = timeZone ?? (rest.jurisdiction === 'US-FEC-CANDIDATE' ? 'America/New_York' : 'Europe/London');
  return { eventId: 'ev-committee-1', type: 'CommitteeRegistered', version: 3, payload: { ...rest, timeZone: zone, timeZoneDefaulted: timeZone === undefined || timeZone === null }, metadata };
};

const spec = deciderSpec({ decide: registerCommittee, evolve: evolveCommittee, initialState: initialCommitteeState });

describe('committee decider', () => {
  describe('given no committee', () => {
    const given = spec.given([]);

    it('starts unregistered', () => {
      expect(given.state).toEqual({ status: 'unregistered' });
    });

    it('registers a US FEC candidate committee with its primary and general', () => {
      given.when(register()).then([registered()]);
    });

    it('registers a UK party in GBP with no elections and no default', () => {
      const uk: Partial<RegisterCommittee['data']> = {
        committeeId: 'c-party',
        jurisdiction: 'UK-PPERA-PARTY',
        currency: 'GBP',
        elections: [],
        defaultElectionId: null,
      };
      given.when(register(uk)).then([registered(uk)]);
    });

    it('registers an FEC committee without a default election', () => {
      given.when(register({ defaultElectionId: null })).then([registered({ defaultElectionId: null })]);
    });

    it('accepts a leap day as an election date', () => {
      const elections = [{ electionId: 'p-2028', kind: 'primary', date: '2028-02-29' }] as RegisterCommittee['data']['elections'];
      given.when(register({ elections, defaultElectionId: null })).then([registered({ elections, defaultElectionId: null })]);
    });

    describe('refuses', () => {
      it('a currency we do not support', () => {
        given.when(register({ currency: 'XYZ' })).thenRejects('currency_not_supported', 'currency XYZ is not supported');
        given.when(register({ currency: 'usd' })).thenRejects('currency_not_supported', 'currency usd is not supported');
      });

      it('a currency other than the one its jurisdiction reports in', () => {
        given.when(register({ currency: 'GBP' })).thenRejects('currency_mismatch', 'US-FEC-CANDIDATE committees report in USD');
        given
          .when(register({ jurisdiction: 'UK-PPERA-PARTY', elections: [], defaultElectionId: null }))
          .thenRejects('currency_mismatch', 'UK-PPERA-PARTY committees report in GBP');
      });

      it('two elections with the same id', () => {
        const elections = [fec.elections[0], { ...fec.elections[1], electionId: 'p-2026' }];
        given.when(register({ elections })).thenRejects('elections_invalid', 'election ids must be unique');
      });

      it.each(['2026-6-2', '2026-13-01', '2026-02-30', '2027-02-29', '2026-06-02T00:00:00Z', ''])('an election dated %p', (date) => {
        const elections = [{ ...fec.elections[0], date }, fec.elections[1]];
        given.when(register({ elections })).thenRejects('elections_invalid', 'election p-2026 has no valid date (YYYY-MM-DD)');
      });

      it('an election of an unknown kind', () => {
        const elections = [{ ...fec.elections[0], kind: 'caucus' }] as unknown as RegisterCommittee['data']['elections'];
        given.when(register({ elections })).thenRejects('elections_invalid', 'election p-2026 has unknown kind caucus');
      });

      it('an FEC candidate committee with no election', () => {
        given
          .when(register({ elections: [], defaultElectionId: null }))
          .thenRejects('elections_invalid', 'a US FEC candidate committee needs at least one election');
      });

      it('a default election that is not one of its elections', () => {
        given
          .when(register({ defaultElectionId: 'r-2026' }))
          .thenRejects('election_unknown', "default election r-2026 is not one of the committee's elections");
      });
    });
  });

  describe('given a registered committee', () => {
    const given = spec.given([registered()]);

    it('holds what was registered, and when', () => {
      expect(given.state).toEqual({ status: 'registered', ...fec, timeZone: 'America/New_York', timeZoneDefaulted: true, registeredAt: '2026-01-05T09:00:00.000Z' });
    });

    it('refuses to register it again, even with the same content', () => {
      given.when(register()).thenRejects('committee_already_registered', 'committee c-smith exists');
    });
  });
});
