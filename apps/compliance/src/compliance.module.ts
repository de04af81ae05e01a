import { Module } from '@nestjs/common';
import { ComplianceHandler } from './compliance.handler.js';

@Module({ controllers: [ComplianceHandler] })
export class ComplianceModule {}
