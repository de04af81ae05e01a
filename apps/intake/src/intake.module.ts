import { Module } from '@nestjs/common';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { MasterKeyRotation } from './master-key-rotation.js';
import { PersonalDataController } from './personal-data.controller.js';

@Module({ controllers: [IntakeController, PersonalDataController], providers: [IntakeService, MasterKeyRotation] })
export class IntakeModule {}
