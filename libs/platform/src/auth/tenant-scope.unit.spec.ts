import { campaignStreamId, committeeStreamId, type EventMetadata } from '#contracts';
import { changeCommitteeTimeZone, committeeFold, declareGeneralElectionPeriod, initialCampaignState, openCampaign, registerCommittee, type CommitteeState, type Principal } from '#domain';
import { loadState } from '#ledger';
import { InMemoryLedger } from '#testing';
import { TenantScope } from './tenant-scope.js';

/*
 * The tenant check hands controllers a committee's state. That state changes after the committee
 * registers (its time zone, a UK party's election periods, filings and units), possibly through
 * another process: what the check answers is the committee as it stands, caught up from the events
 * appended since it last looked; what never changes (a tenant, a campaign) is not read again.
 */
const at = (occurredAt: string, committeeId: string): EventMetadata => ({ occurredAt, correlationId: 'corr', causationId: 'req', committeeId, actor: 'admin-1' });
const partyA: Principal = { keyId: 'key-a', tenantId: 'party-a', roles: ['officer'] };
const partyB: Principal = { keyId: 'key-b', tenantId: 'party-b', roles: ['officer'] };

async function appendDecided(ledger: InMemoryLedger, committeeId: string, decide: (state: CommitteeState) => Parameters<InMemoryLedger['append']>[1]): Promise<void> {
  const { state, revision } = await loadState(ledger, committeeStreamId(committeeId), committeeFold);
  await ledger.append(committeeStreamId(committeeId), decide(state), revision ?? 'no_stream');
}

async function given(): Promise<{ ledger: InMemoryLedger; scope: TenantScope }> {
  const ledger = new InMemoryLedger();
  const data = { name: 'Lee for Congress', currency: 'USD', elections: [], defaultElectionId: null, registeredBy: 'admin-1', tenantId: 'party-a' };
  await appendDecided(ledger, 'c-us', (s) => registerCommittee({ type: 'RegisterCommittee', eventId: 'ev-us', metadata: at('2026-01-05T09:00:00.000Z', 'c-us'), data: { ...data, committeeId: 'c-us', jurisdiction: 'US-FEC-CANDIDATE', timeZone: 'America/New_York', elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-11-03' }], defaultElectionId: 'g-2026' } }, s));
  await appendDecided(ledger, 'c-uk', (s) => registerCommittee({ type: 'RegisterCommittee', eventId: 'ev-uk', metadata: at('2026-01-05T09:00:00.000Z', 'c-uk'), data: { ...data, committeeId: 'c-uk', jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP' } }, s));
  const committee = (await loadState(ledger, committeeStreamId('c-us'), committeeFold)).state;
  const data1 = { campaignId: 'camp-1', committeeId: 'c-us', name: 'Spring', currency: 'USD', opensAt: '2026-01-05T10:00:00.000Z', closesAt: null };
  const opened = openCampaign({ type: 'OpenCampaign', eventId: 'ev-camp', metadata: at('2026-01-05T10:00:00.000Z', 'c-us'), data: data1, committee }, initialCampaignState());
  await ledger.append(campaignStreamId('camp-1'), opened, 'no_stream');
  return { ledger, scope: new TenantScope(ledger) };
}

describe('the tenant scope', () => {
  it('given a committee read once, when its time zone changes, then the next read answers the new zone', async () => {
    const { ledger, scope } = await given();
    expect((await scope.committee(partyA, 'c-us')).timeZone).toBe('America/New_York');
    await appendDecided(ledger, 'c-us', (s) =>
      changeCommitteeTimeZone({ type: 'ChangeCommitteeTimeZone', eventId: 'ev-tz', metadata: at('2026-02-01T09:00:00.000Z', 'c-us'), data: { committeeId: 'c-us', timeZone: 'America/Los_Angeles', reason: 'the treasurer moved', changedBy: 'admin-1' } }, s),
    );
    expect((await scope.committee(partyA, 'c-us')).timeZone).toBe('America/Los_Angeles');
  });

  it('given a UK party read once, when a general election period is declared, then the next read holds it', async () => {
    const { ledger, scope } = await given();
    expect((await scope.committee(partyA, 'c-uk')).generalElectionPeriods ?? []).toEqual([]);
    const data = { committeeId: 'c-uk', periodId: 'ge-2029', dissolvedOn: '2029-05-01', pollOn: '2029-06-01', heldIn: ['great_britain' as const], partyRegisteredIn: ['great_britain' as const], reason: 'dissolution', declaredBy: 'officer-a' };
    await appendDecided(ledger, 'c-uk', (s) => declareGeneralElectionPeriod({ type: 'DeclareGeneralElectionPeriod', eventId: 'ev-ge', metadata: at('2026-03-01T09:00:00.000Z', 'c-uk'), data }, s));
    expect((await scope.committee(partyA, 'c-uk')).generalElectionPeriods?.map((p) => p.periodId)).toEqual(['ge-2029']);
  });

  it('given a committee read once, then each later read fetches only the events after the revision it holds', async () => {
    const { ledger, scope } = await given();
    const asked: (number | null)[] = [];
    const readStreams = ledger.readStreams.bind(ledger);
    ledger.readStreams = async (requests) => {
      asked.push(...requests.map((r) => r.afterRevision));
      return readStreams(requests);
    };
    await scope.committee(partyA, 'c-us');
    await scope.committee(partyA, 'c-us');
    expect(asked).toEqual([null, 0]);
  });

  it('given another tenant\'s committee, or none, then it answers committee_not_found, the same for both', async () => {
    const { scope } = await given();
    await expect(scope.committee(partyB, 'c-us')).rejects.toMatchObject({ problem: { status: 404 } });
    await expect(scope.committee(partyA, 'c-none')).rejects.toMatchObject({ problem: { status: 404 } });
    expect(await scope.tenantOfCommittee('c-none')).toBeNull();
  });

  it('given a campaign and its committee\'s tenant found once, then they are answered again without reading the ledger', async () => {
    const { ledger, scope } = await given();
    expect(await scope.campaign(partyA, 'camp-1')).toMatchObject({ campaignId: 'camp-1', tenantId: 'party-a' });
    const reads = ledger.reads;
    expect(await scope.campaign(partyA, 'camp-1')).toMatchObject({ tenantId: 'party-a' });
    expect(await scope.tenantOfCommittee('c-us')).toBe('party-a');
    await expect(scope.campaign(partyB, 'camp-1')).rejects.toMatchObject({ problem: { status: 404 } });
    expect(ledger.reads).toBe(reads);
  });
});
