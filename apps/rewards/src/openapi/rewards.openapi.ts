import { FULFILMENT_STATUSES, REWARD_KINDS, THRESHOLD_KINDS } from '#contracts';
import { BODY_PROBLEMS, body, clientId, keyed, object, ok, p, pathId, query, ref, type ApiPart, type JsonSchema, type Parameter } from '#platform';

/**
 * Rewards' part of the API document (RewardsModule.api): tiers (reward-tiers.controller.ts),
 * grants and fulfilment (reward-grants.controller.ts) and a supporter's standing
 * (rewards.module.ts). Enumerations come from the contracts the parsers check against.
 */
const string: JsonSchema = { type: 'string' };
const minor: JsonSchema = { type: 'integer', description: 'Minor units of the currency.' };
const instant: JsonSchema = { type: 'string', format: 'date-time' };
const grantStatus: JsonSchema = { type: 'string', enum: ['granted', 'revoked', ...FULFILMENT_STATUSES] };
const amount = (description: string): JsonSchema => ({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: `${description} Minor units, a JSON integer.` });

const tierTerms: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  thresholdKind: { type: 'string', enum: THRESHOLD_KINDS, description: 'single: one donation reaches the threshold; cumulative: the donor\'s accepted total does.' },
  thresholdMinor: amount('What a donor must give.'),
  rewardKind: { type: 'string', enum: REWARD_KINDS },
  fairMarketValueMinor: amount('What the reward is worth: it is reported and counted against the donation.'),
  stockLimit: { type: ['integer', 'null'], description: 'Units to grant; no limit when absent or null. Never below the units granted (422 stock_limit_below_granted).' },
};
const tier: Record<string, JsonSchema> = {
  tierId: string,
  campaignId: string,
  currency: string,
  tierVersion: { type: 'integer', minimum: 1 },
  name: string,
  thresholdKind: { type: 'string', enum: THRESHOLD_KINDS },
  thresholdMinor: minor,
  rewardKind: { type: 'string', enum: REWARD_KINDS },
  fairMarketValueMinor: minor,
  stockLimit: { type: ['integer', 'null'] },
};
const grant: Record<string, JsonSchema> = {
  grantId: string,
  tierId: string,
  tierVersion: { type: 'integer' },
  donorId: string,
  donationId: string,
  rewardKind: { type: 'string', enum: REWARD_KINDS },
  fairMarketValueMinor: minor,
  currency: string,
  grantedAt: instant,
  status: grantStatus,
  fulfilment: { type: ['string', 'null'], enum: [...FULFILMENT_STATUSES, null] },
  revocation: { oneOf: [{ type: 'null' }, object({ revokedAt: instant, reason: { type: ['string', 'null'] }, stockReturned: { type: 'boolean' }, flaggedForStaff: { type: 'boolean' } })] },
};

const schemas: Record<string, JsonSchema> = {
  RewardTierRequest: {
    type: 'object',
    required: ['tierId', 'name', 'thresholdKind', 'thresholdMinor', 'rewardKind', 'fairMarketValueMinor'],
    properties: { tierId: { ...clientId, description: "Chosen by the client; taken in this campaign: 409 reward_tier_already_exists." }, ...tierTerms },
  },
  RewardTierChangeRequest: {
    type: 'object',
    required: ['name', 'thresholdKind', 'thresholdMinor', 'rewardKind', 'fairMarketValueMinor'],
    description: 'The new terms, in full: a new tier version; grants already made keep the version they were made under.',
    properties: tierTerms,
  },
  RewardTier: object(tier),
  RewardTierList: object({ campaignId: string, tiers: { type: 'array', items: ref('schemas', 'RewardTier') } }),
  RewardTierWithStock: object({
    ...tier,
    stock: object({
      granted: { type: 'integer', minimum: 0, description: 'Units out: revoked grants whose unit came back are not counted.' },
      remaining: { type: ['integer', 'null'], description: 'null when the tier has no limit.' },
      grants: {
        type: 'array',
        items: object({ grantId: string, donorId: string, donationId: string, tierVersion: { type: 'integer' }, status: grantStatus, stockReturned: { type: ['boolean', 'null'] }, flaggedForStaff: { type: 'boolean' } }),
      },
      waitlist: { type: 'array', items: object({ position: { type: 'integer' }, donorId: string, donationId: string }) },
    }),
  }),
  RewardGrant: object(grant),
  RewardGrantOfCampaign: object({ campaignId: string, ...grant }),
  RewardGrantList: object({
    campaignId: string,
    grants: { type: 'array', items: ref('schemas', 'RewardGrant') },
    waitlist: { type: 'array', items: object({ tierId: string, position: { type: 'integer' }, donorId: string, donationId: string, waitlistedAt: instant }) },
    flaggedForStaff: { type: 'array', items: string, description: 'Grants revoked after fulfilment, for staff to follow up.' },
  }),
  FulfilmentRequest: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: FULFILMENT_STATUSES }, note: { type: ['string', 'null'], maxLength: 200 } },
  },
  FulfilmentRecorded: object({ grantId: string, campaignId: string, tierId: string, status: { type: 'string', enum: FULFILMENT_STATUSES }, recorded: { type: 'boolean', description: 'false when the step was recorded before (a retry).' } }),
  Supporter: object({ campaignId: string, donorId: string, currency: string, acceptedTotalMinor: minor, acceptedDonations: { type: 'integer', minimum: 1 } }),
};

const parameters: Record<string, Parameter> = {
  TierId: pathId('tierId', 'reward tier'),
  GrantId: { ...pathId('grantId', 'reward grant'), schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' } },
  SupporterDonorId: { name: 'donorId', in: 'path', required: true, description: 'The donor id (`dn_` and 32 hex digits) that donations show.', schema: { type: 'string' } },
};

export const REWARDS_API: ApiPart = {
  app: 'rewards',
  summary: 'Reward tiers, grants that never oversell, fulfilment.',
  description: "reward tiers of a campaign (admin defines, staff read), the grants made as donations are accepted (never oversold, a waitlist beyond the stock) and their fulfilment, and a supporter's accepted total.",
  tags: [
    { name: 'reward tiers', description: 'What a donor receives for what they give, with a fair market value and a stock.' },
    { name: 'reward grants', description: 'Rewards granted to donors, revoked when their donation is, and fulfilled by staff.' },
  ],
  paths: {
    '/v1/campaigns/{campaignId}/reward-tiers': {
      post: keyed(
        [],
        {
          operationId: 'defineRewardTier',
          summary: 'Define a reward tier of a campaign',
          tags: ['reward tiers'],
          parameters: [p('CampaignId'), p('CorrelationId')],
          requestBody: body('RewardTierRequest', 'The tier and its terms.'),
          responses: { 201: ok('Defined.', 'RewardTier', { Location: ref('headers', 'Location') }) },
        },
        [...BODY_PROBLEMS, 404, 409],
      ),
      get: keyed(['intake', 'officer', 'auditor'], { operationId: 'listRewardTiers', summary: "A campaign's reward tiers", tags: ['reward tiers'], parameters: [p('CampaignId')], responses: { 200: ok('The tiers.', 'RewardTierList') } }, [404]),
    },
    '/v1/campaigns/{campaignId}/reward-tiers/{tierId}': {
      put: keyed(
        [],
        {
          operationId: 'changeRewardTier',
          summary: "Change a tier's terms (a new version)",
          tags: ['reward tiers'],
          parameters: [p('CampaignId'), p('TierId'), p('CorrelationId')],
          requestBody: body('RewardTierChangeRequest', 'The new terms.'),
          responses: { 200: ok('The tier as it now stands.', 'RewardTier') },
        },
        [...BODY_PROBLEMS, 404, 409],
      ),
      get: keyed(
        ['intake', 'officer', 'auditor'],
        { operationId: 'getRewardTier', summary: 'A tier with its inventory: grants in the order made, the waitlist in line', tags: ['reward tiers'], parameters: [p('CampaignId'), p('TierId')], responses: { 200: ok('The tier and its stock.', 'RewardTierWithStock') } },
        [404],
      ),
    },
    '/v1/campaigns/{campaignId}/reward-grants': {
      get: keyed(
        ['officer', 'auditor'],
        {
          operationId: 'listRewardGrants',
          summary: "A campaign's grants and waitlist, of one tier or all",
          tags: ['reward grants'],
          parameters: [p('CampaignId'), query('tierId', 'Only this tier.', clientId)],
          responses: { 200: ok('The grants.', 'RewardGrantList') },
        },
        [400, 404],
      ),
    },
    '/v1/reward-grants/{grantId}': {
      get: keyed(['officer', 'auditor'], { operationId: 'getRewardGrant', summary: 'A grant and where it stands', tags: ['reward grants'], parameters: [p('GrantId')], responses: { 200: ok('The grant.', 'RewardGrantOfCampaign') } }, [404]),
    },
    '/v1/reward-grants/{grantId}/fulfilment': {
      post: keyed(
        ['officer'],
        {
          operationId: 'recordRewardFulfilment',
          summary: 'Record a fulfilment step of a grant (shipped, delivered, redeemed)',
          description: 'Idempotent: a step recorded before answers 200 with recorded: false. A revoked grant: 409 reward_grant_revoked.',
          tags: ['reward grants'],
          parameters: [p('GrantId'), p('CorrelationId')],
          requestBody: body('FulfilmentRequest', 'The step and a note.'),
          responses: { 200: ok('Recorded, or recorded before.', 'FulfilmentRecorded') },
        },
        [...BODY_PROBLEMS, 404, 409],
      ),
    },
    '/v1/campaigns/{campaignId}/supporters/{donorId}': {
      get: keyed(
        ['intake', 'officer', 'auditor'],
        { operationId: 'getSupporter', summary: "A donor's accepted total in a campaign, as rewards counts it", tags: ['reward grants'], parameters: [p('CampaignId'), p('SupporterDonorId')], responses: { 200: ok('The supporter.', 'Supporter') } },
        [404],
      ),
    },
  },
  schemas,
  parameters,
};
