import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { IdempotencyStore } from '#persistence';
import { IDEMPOTENCY_KEYS, READ_MODELS } from '#platform';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { MasterKeyRotation } from './master-key-rotation.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { PaymentWebhooksController } from './payment-webhooks.controller.js';
import { PaymentWebhooksService } from './payment-webhooks.service.js';
import { PersonalDataController } from './personal-data.controller.js';
import { RecurringPlanController } from './recurring.controller.js';
import { RECURRING_CLOCK, RecurringScheduler, systemClock } from './recurring.scheduler.js';
import { RecurringPlanService } from './recurring.service.js';

@Module({
  controllers: [IntakeController, PaymentWebhooksController, RecurringPlanController, PersonalDataController, OpenApiController],
  providers: [
    IntakeService,
    PaymentWebhooksService,
    RecurringPlanService,
    RecurringScheduler,
    { provide: RECURRING_CLOCK, useValue: systemClock },
    MasterKeyRotation,
    // Idempotency-Keys in intake's own database, shared by every replica (the edge's @Idempotent uses them).
    { provide: IDEMPOTENCY_KEYS, useFactory: (readModels: DataSource) => new IdempotencyStore(readModels), inject: [READ_MODELS] },
  ],
})
export class IntakeModule {}
