import { Module } from '@nestjs/common';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { PaymentWebhooksController } from './payment-webhooks.controller.js';
import { PaymentWebhooksService } from './payment-webhooks.service.js';

@Module({ controllers: [IntakeController, PaymentWebhooksController], providers: [IntakeService, PaymentWebhooksService] })
export class IntakeModule {}
