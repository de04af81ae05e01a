import { Inject, Injectable } from '@nestjs/common';
import { campaignStreamId, committeeStreamId } from '#contracts';
import {
  campaignFold,
  type CampaignState,
  committeeFold,
  type CommitteeState,
  owns,
  type Principal,
} from '#domain';
import { BoundedAggregateCache, LEDGER_STORE, loadState, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import { HttpProblem, problem } from '../http/problem.js';

type Registered = Extract<CommitteeState, { status: 'registered' }>;
type Opened = Extract<CampaignState, { status: 'opened' }>;

const CACHE_LIMIT = 50_000;

/**
 * Resolves committees and campaigns for a caller, from the ledger, and answers 404 for one of
 * another tenant exactly as for one that does not exist. What decides the answer never changes
 * once written (a committee's tenant, a campaign's committee and its whole state), so a campaign
 * and a committee's tenant are answered from memory. A committee's state does change after it
 * registers (its time zone, a UK party's general election periods, filings and accounting units,
 * an FEC committee's net debts): `committee()` catches its copy up with the events appended
 * since, one tail read of one stream, wherever they were appended (another process included).
 */
@Injectable()
export class TenantScope {
  private readonly committees = new BoundedAggregateCache<CommitteeState>(CACHE_LIMIT);
  private readonly campaigns = new Map<string, Opened>();

  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  /** The committee as it stands now, when the caller may see it. */
  async committee(principal: Principal, committeeId: string): Promise<Registered> {
    const [{ state }] = await loadStreams(this.ledger, [streamLoad(committeeStreamId(committeeId), committeeFold, this.committees)]);
    if (state.status !== 'registered' || !owns(principal, state.tenantId)) throw notFound('committee', committeeId);
    return state;
  }

  async campaign(principal: Principal, campaignId: string): Promise<Opened & { tenantId: string }> {
    const campaign = await this.findCampaign(campaignId);
    const tenantId = campaign ? await this.tenantOfCommittee(campaign.committeeId) : null;
    if (!campaign || tenantId === null || !owns(principal, tenantId)) throw notFound('campaign', campaignId);
    return { ...campaign, tenantId };
  }

  /** The tenant a committee belongs to, or null when there is no such committee; read once, as it never changes. */
  async tenantOfCommittee(committeeId: string): Promise<string | null> {
    const known = this.committees.get(committeeStreamId(committeeId))?.state;
    if (known?.status === 'registered') return known.tenantId;
    const [{ state }] = await loadStreams(this.ledger, [streamLoad(committeeStreamId(committeeId), committeeFold, this.committees)]);
    return state.status === 'registered' ? state.tenantId : null;
  }

  private async findCampaign(campaignId: string): Promise<Opened | null> {
    const cached = this.campaigns.get(campaignId);
    if (cached) return cached;
    const { state } = await loadState(this.ledger, campaignStreamId(campaignId), campaignFold);
    if (state.status !== 'opened') return null;
    remember(this.campaigns, campaignId, state);
    return state;
  }
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}

function notFound(kind: 'committee' | 'campaign', id: string): HttpProblem {
  return new HttpProblem(problem(kind === 'committee' ? 'committee_not_found' : 'campaign_not_found', `${kind} ${id} does not exist`));
}
