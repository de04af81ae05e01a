import { Inject, Injectable } from '@nestjs/common';
import { campaignStreamId, conduitStreamId } from '#contracts';
import { evolveCampaign, evolveConduit, initialCampaignState, initialConduitState, type CampaignState, type ConduitState } from '#domain';
import { BoundedAggregateCache, LEDGER_STORE, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import type { ConduitLookup } from '#read-models';

const KEPT = 10_000;
const campaignFold = { evolve: evolveCampaign, initialState: initialCampaignState };
const conduitFold = { evolve: evolveConduit, initialState: initialConduitState };

/**
 * Which campaigns are a conduit's, read from the ledger (two reads per report, whatever the
 * number of campaigns), so a recipient's Schedule A names the conduit of each earmarked line.
 */
@Injectable()
export class ConduitLookupService {
  private readonly campaigns = new BoundedAggregateCache<CampaignState>(KEPT);
  private readonly conduits = new BoundedAggregateCache<ConduitState>(KEPT);

  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  readonly lookup: ConduitLookup = async (campaignIds) => {
    const campaigns = await loadStreams(this.ledger, campaignIds.map((id) => streamLoad(campaignStreamId(id), campaignFold, this.campaigns)));
    const committeeOf = new Map(campaignIds.map((id, i) => [id, campaigns[i].state.status === 'opened' ? campaigns[i].state.committeeId : null]));
    const committees = [...new Set([...committeeOf.values()].filter((c): c is string => c !== null))];
    const conduits = await loadStreams(this.ledger, committees.map((id) => streamLoad(conduitStreamId(id), conduitFold, this.conduits)));
    const byCommittee = new Map(committees.map((id, i) => [id, conduits[i].state]));
    const found = new Map<string, { committeeId: string; name: string; fecId: string }>();
    for (const [campaignId, committeeId] of committeeOf) {
      const conduit = committeeId === null ? undefined : byCommittee.get(committeeId);
      if (conduit?.status === 'registered') found.set(campaignId, { committeeId: conduit.committeeId, name: conduit.name, fecId: conduit.fecId });
    }
    return found;
  };
}
