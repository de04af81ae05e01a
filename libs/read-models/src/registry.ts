import { TOPICS, type Topic } from '#contracts';
import { CampaignDonationRow } from './campaign-totals/campaign-donation.entity.js';
import { CampaignDonorRow, CampaignTotalsRow } from './campaign-totals/campaign-totals.entity.js';
import { campaignTotalsProjection } from './campaign-totals/campaign-totals.projection.js';
import { DonorWallRow } from './donor-wall/donor-wall.entity.js';
import { donorWallProjection } from './donor-wall/donor-wall.projection.js';
import type { StoredProjection } from './projection.js';
import { REPORTING_READ_MODELS } from './reports/report-projections.js';
import { RewardGrantRow, RewardWaitlistRow } from './reward-grants/reward-grant.entity.js';
import { rewardGrantsProjection } from './reward-grants/reward-grants.projection.js';
import { RewardSupporterRow } from './reward-supporters/reward-supporter.entity.js';
import { rewardSupportersProjection } from './reward-supporters/reward-supporters.projection.js';
import type { EntityClass } from './store/stored-rows.js';

/**
 * One read model as live, replay and as-of runs see it: the projection the store applies, the
 * tables it alone writes, and the topics it is fed from. Listing a projection here is all it
 * takes for `npm run replay` to rebuild and compare it and for as-of reports to fold it; which
 * app runs it live is the app's wiring (READ_MODELS_OF_APP in libs/platform), not this list's.
 */
export interface RegisteredProjection {
  /** Its checkpoint name; the same as `handler.name`. */
  readonly name: string;
  /** Entities whose tables hold its rows and nothing else's: what replay compares row for row. */
  readonly entities: readonly EntityClass[];
  /** The events it gets live are those of these topics (and of `handler.canHandle`). */
  readonly topics: readonly Topic[];
  /** Exactly the object the live ProjectionRunner applies. */
  readonly handler: StoredProjection;
}

/** Every read model fed by ledger events. Add new ones in a block at the end. */
export const READ_MODEL_PROJECTIONS: readonly RegisteredProjection[] = [
  {
    name: campaignTotalsProjection.name,
    entities: [CampaignTotalsRow, CampaignDonorRow, CampaignDonationRow],
    topics: [TOPICS.donations],
    handler: campaignTotalsProjection,
  },
  {
    name: rewardSupportersProjection.name,
    entities: [RewardSupporterRow],
    topics: [TOPICS.donations],
    handler: rewardSupportersProjection,
  },
  // The filings' read models: one table each, fed by their topics.
  ...REPORTING_READ_MODELS.map((model): RegisteredProjection => ({ name: model.projection.name, entities: [model.entity], topics: model.topics, handler: model.projection })),
  {
    name: donorWallProjection.name,
    entities: [DonorWallRow],
    topics: [TOPICS.donations],
    handler: donorWallProjection,
  },
  {
    name: rewardGrantsProjection.name,
    entities: [RewardGrantRow, RewardWaitlistRow],
    topics: [TOPICS.rewards],
    handler: rewardGrantsProjection,
  },
];

/** The registered projections of these names, in registry order; a name not registered is an error. */
export function projectionsNamed(names: readonly string[]): readonly RegisteredProjection[] {
  const unknown = names.filter((name) => !READ_MODEL_PROJECTIONS.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`no read model named ${unknown.join(', ')}`);
  return READ_MODEL_PROJECTIONS.filter((registered) => names.includes(registered.name));
}
