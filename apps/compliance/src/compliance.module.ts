import { Module } from '@nestjs/common';
import { ComplianceHandler } from './compliance.handler.js';

@Module({ providers: [ComplianceHandler] })
export class ComplianceModule {}
