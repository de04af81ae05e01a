import { Module } from '@nestjs/common';
import { CandidacyEndedConsumer } from './candidacy-ended.consumer.js';
import { CandidacyEndedService } from './candidacy-ended.service.js';
import { ComplianceHandler } from './compliance.handler.js';
import { DonorLinkConsumer } from './donor-link.consumer.js';
import { DonorLinksController } from './donor-links.controller.js';
import { DonorLinksService } from './donor-links.service.js';
import { PperaBenefitsHandler } from './ppera-benefits.handler.js';
import { COMPLIANCE_API } from './openapi/compliance.openapi.js';
import { REVIEW_INDEX_TABLES } from './review/review-index.entity.js';
import { REVIEW_CLOCK, systemClock } from './review-clock.js';
import { ReviewConsumer } from './review.consumer.js';
import { ReviewController } from './review.controller.js';
import { ReviewEffects } from './review-effects.js';
import { ReviewService } from './review.service.js';
import { StructuringHandler } from './structuring.handler.js';

@Module({
  controllers: [ComplianceHandler, PperaBenefitsHandler, StructuringHandler, ReviewConsumer, ReviewController, DonorLinksController, DonorLinkConsumer, CandidacyEndedConsumer],
  providers: [ReviewService, ReviewEffects, DonorLinksService, CandidacyEndedService, { provide: REVIEW_CLOCK, useValue: systemClock }],
})
export class ComplianceModule {
  /** Tables of compliance's own stores, migrated into its schema at start. */
  static readonly tables = [REVIEW_INDEX_TABLES];
  /** Its part of the API document (/v1/openapi.json): the routes its controllers map. */
  static readonly api = COMPLIANCE_API;
}
