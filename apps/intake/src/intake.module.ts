import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { IDEMPOTENCY_KEYS, READ_MODELS } from '#platform';
import { ConduitController } from './conduit.controller.js';
import { ConduitService } from './conduit.service.js';
import { DonationDatesController } from './donation-dates.controller.js';
import { DonationDatesService } from './donation-dates.service.js';
import { ImpermissibleDisposalController } from './impermissible-disposal.controller.js';
import { IDEMPOTENCY_TABLES, IdempotencyStore } from './idempotency/idempotency-store.js';
import { ElectionStandingController } from './election-standing.controller.js';
import { ElectionStandingService } from './election-standing.service.js';
import { PartyStandingController } from './party-standing.controller.js';
import { PartyStandingService } from './party-standing.service.js';
import { DirectoryController } from './directory/directory.controller.js';
import { TenantDirectory } from './directory/tenant-directory.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { MasterKeyRotation } from './master-key-rotation.js';
import { INTAKE_API } from './openapi/intake.openapi.js';
import { PaymentWebhooksController } from './payment-webhooks.controller.js';
import { WEBHOOK_DELIVERY_TABLES } from './payment-webhooks/webhook-delivery-store.js';
import { PaymentWebhooksService } from './payment-webhooks.service.js';
import { PersonalDataController } from './personal-data.controller.js';
import { RECURRING_PLAN_TABLES } from './recurring/recurring-plan-index.js';
import { RecurringPlanController } from './recurring.controller.js';
import { RECURRING_CLOCK, RecurringScheduler, systemClock } from './recurring.scheduler.js';
import { RecurringPlanService } from './recurring.service.js';

@Module({
  controllers: [IntakeController, DirectoryController, DonationDatesController, ImpermissibleDisposalController, ElectionStandingController, PartyStandingController, ConduitController, PaymentWebhooksController, RecurringPlanController, PersonalDataController],
  providers: [
    IntakeService,
    TenantDirectory,
    DonationDatesService,
    ElectionStandingService,
    PartyStandingService,
    ConduitService,
    PaymentWebhooksService,
    RecurringPlanService,
    RecurringScheduler,
    { provide: RECURRING_CLOCK, useValue: systemClock },
    MasterKeyRotation,
    // Idempotency-Keys in intake's own database, shared by every replica (the edge's @Idempotent uses them).
    { provide: IDEMPOTENCY_KEYS, useFactory: (readModels: DataSource) => new IdempotencyStore(readModels), inject: [READ_MODELS] },
  ],
})
export class IntakeModule {
  /** Tables of intake's own stores, migrated into its schema at start. */
  static readonly tables = [IDEMPOTENCY_TABLES, WEBHOOK_DELIVERY_TABLES, RECURRING_PLAN_TABLES];
  /** Its part of the API document (/v1/openapi.json): the routes its controllers map. */
  static readonly api = INTAKE_API;
}
