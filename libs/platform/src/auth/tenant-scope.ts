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
import { LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { HttpProblem, problem } from '../http/problem.js';

type Registered = Extract<CommitteeState, { status: 'registered' }>;
type Opened = Extract<CampaignState, { status: 'opened' }>;

const CACHE_LIMIT = 50_000;

/**
 * Resolves committees and campaigns for a caller, from the ledger, and answers 404 for one of
 * another tenant exactly as for one that does not exist. Both are immutable once written
 * (a committee's tenant, a campaign's committee), so what was found is cached.
 */
@Injectable()
export class TenantScope {
  private readonly committees = new Map<string, Registered>();
  private readonly campaigns = new Map<string, Opened>();

  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async committee(principal: Principal, committeeId: string): Promise<Registered> {
    const committee = await this.findCommittee(committeeId);
    if (!committee || !owns(principal, committee.tenantId)) throw notFound('committee', committeeId);
    return committee;
  }

  async campaign(principal: Principal, campaignId: string): Promise<Opened & { tenantId: string }> {
    const campaign = await this.findCampaign(campaignId);
    const committee = campaign ? await this.findCommittee(campaign.committeeId) : null;
    if (!campaign || !committee || !owns(principal, committee.tenantId)) throw notFound('campaign', campaignId);
    return { ...campaign, tenantId: committee.tenantId };
  }

  /** The tenant a committee belongs to, or null when there is no such committee. */
  async tenantOfCommittee(committeeId: string): Promise<string | null> {
    return (await this.findCommittee(committeeId))?.tenantId ?? null;
  }

  private async findCommittee(committeeId: string): Promise<Registered | null> {
    const cached = this.committees.get(committeeId);
    if (cached) return cached;
    const { state } = await loadState(this.ledger, committeeStreamId(committeeId), committeeFold);
    if (state.status !== 'registered') return null;
    remember(this.committees, committeeId, state);
    return state;
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
