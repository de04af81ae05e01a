import { TOPICS, type Topic } from '#contracts';
import type { Projection } from '../typeorm/projection-runner.js';
import { CampaignDonationRow } from './campaign-donation.entity.js';
import { campaignTotalsProjection } from './campaign-totals.projection.js';
import { CampaignDonorRow, CampaignTotalsRow, RewardSupporterRow } from './entities.js';
import { rewardSupportersProjection } from './reward-supporters.projection.js';
import { REPORTING_READ_MODELS } from '../reporting/report-projections.js';
import { DonorWallRow } from '../donor-wall/donor-wall.entity.js';
import { donorWallProjection } from '../donor-wall/donor-wall.projection.js';
import { RewardGrantRow, RewardWaitlistRow } from '../rewards/reward-grant.entity.js';
import { rewardGrantsProjection } from '../rewards/reward-grants.projection.js';

/** A TypeORM entity class. */
export type EntityClass = abstract new (...args: never[]) => object;

/**
 * One read model as replay and as-of queries see it: the same handler the live app runs, the
 * tables it alone writes, and the events it is fed live. Listing a projection here is all it
 * takes for `npm run replay` to rebuild and compare it and for as-of reports to fold it.
 */
export interface RegisteredProjection {
  /** Its checkpoint name; the same as `handler.name`. */
  readonly name: string;
  /** The app whose schema holds its tables in distributed mode (all share one when embedded). */
  readonly app: 'reporting' | 'rewards' | 'compliance' | 'intake';
  /** Entities whose tables hold its rows and nothing else's: what replay compares row for row. */
  readonly entities: readonly EntityClass[];
  /** The events it gets live are those of these topics (and of `handler.eventTypes`). */
  readonly topics: readonly Topic[];
  /** Exactly the object the live ProjectionRunner applies. */
  readonly handler: Projection;
}

/** Every read model fed by ledger events. Add new ones in a block at the end. */
export const READ_MODEL_PROJECTIONS: readonly RegisteredProjection[] = [
  {
    name: campaignTotalsProjection.name,
    app: 'reporting',
    entities: [CampaignTotalsRow, CampaignDonorRow, CampaignDonationRow],
    topics: [TOPICS.donations],
    handler: campaignTotalsProjection,
  },
  {
    name: rewardSupportersProjection.name,
    app: 'rewards',
    entities: [RewardSupporterRow],
    topics: [TOPICS.donations],
    handler: rewardSupportersProjection,
  },
  // The report read models (libs/domain/src/reports): one table each, fed by their topics.
  ...REPORTING_READ_MODELS.map(
    (model): RegisteredProjection => ({ name: model.projection.name, app: 'reporting', entities: [model.entity], topics: model.topics, handler: model.projection }),
  ),
  {
    name: donorWallProjection.name,
    app: 'reporting',
    entities: [DonorWallRow],
    topics: [TOPICS.donations],
    handler: donorWallProjection,
  },
  {
    name: rewardGrantsProjection.name,
    app: 'rewards',
    entities: [RewardGrantRow, RewardWaitlistRow],
    topics: [TOPICS.rewards],
    handler: rewardGrantsProjection,
  },
];

/** The projections one app runs live, in registry order. */
export const projectionsOf = (app: RegisteredProjection['app']): readonly RegisteredProjection[] =>
  READ_MODEL_PROJECTIONS.filter((registered) => registered.app === app);
