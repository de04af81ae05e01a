import { apiDocument } from '#platform';
import { describeApiDocument } from '#testing';
import { RewardsModule } from '../rewards.module.js';
import { REWARDS_API } from './rewards.openapi.js';

/* Rewards's document, as rewards alone serves it at /v1/openapi.json, against the routes Nest maps for it. */
describeApiDocument('rewards', ['rewards'], () => [RewardsModule], () => apiDocument([REWARDS_API]));
