import { bootstrap } from '#platform';
import { RewardsModule } from './rewards.module.js';

await bootstrap(['rewards'], async () => [RewardsModule]);
