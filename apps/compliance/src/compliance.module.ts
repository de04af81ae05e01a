import { Module } from '@nestjs/common';
import { ComplianceHandler } from './compliance.handler.js';
import { PperaBenefitsHandler } from './ppera-benefits.handler.js';

@Module({ controllers: [ComplianceHandler, PperaBenefitsHandler] })
export class ComplianceModule {}
