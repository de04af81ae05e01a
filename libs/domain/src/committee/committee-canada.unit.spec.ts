import type { EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { committeeRulePack } from './committee-rule-pack.js';
import { evolveCommittee, initialCommitteeState, registerCommittee, type RegisterCommittee } from './committee.decider.js';

const metadata: EventMetadata = { occurredAt: '2025-01-05T09:00:00.000Z', correlationId: 'corr', causationId: 'req', committeeId: 'c-parti', actor: 'agent-1' };
const party: RegisterCommittee['data'] = {
  committeeId: 'c-parti',
  name: 'Parti Exemple du Canada',
  jurisdiction: 'CA-CEA-PARTY',
  currency: 'CAD',
  elections: [],
  defaultElectionId: null,
  registeredBy: 'agent-1',
  tenantId: 'party-ca',
};
const register = (data: Partial<RegisterCommittee['data']> = {}): RegisterCommittee => ({ type: 'RegisterCommittee', eventId: 'ev-1', metadata, data: { ...party, ...data } });
const spec = deciderSpec({ decide: registerCommittee, evolve: evolveCommittee, initialState: initialCommitteeState });

describe('a Canadian registered party (CA-CEA-PARTY)', () => {
  it('given no committee, when it registers in CAD with no elections, then it is registered in Toronto time by default', () => {
    spec.given([]).when(register()).then([
      { eventId: 'ev-1', type: 'CommitteeRegistered', version: 3, payload: { ...party, timeZone: 'America/Toronto', timeZoneDefaulted: true }, metadata },
    ]);
  });

  it('given no committee, when it registers in USD, then it is refused: a Canadian party reports in CAD', () => {
    spec.given([]).when(register({ currency: 'USD' })).thenRejects('currency_mismatch', 'CA-CEA-PARTY committees report in CAD');
  });

  it('given a party in Vancouver, then its donations are decided under the pack of its own local year', () => {
    const pacific = { jurisdiction: 'CA-CEA-PARTY' as const, timeZone: 'America/Vancouver', timeZoneChanges: [] };
    // 1 January 2026, 07:30 UTC is still 31 December 2025 in Vancouver.
    expect(committeeRulePack(pacific, '2026-01-01T07:30:00Z').version).toBe('CA-CEA-PARTY/2025');
    expect(committeeRulePack(pacific, '2026-01-01T08:30:00Z').version).toBe('CA-CEA-PARTY/2026');
  });
});
