import type { Type } from '@nestjs/common';
import type { AppName } from '#platform';

/** Loads only the modules of the apps this process runs. */
export async function appModules(apps: AppName[]): Promise<Type[]> {
  const loaders: Record<AppName, () => Promise<Type>> = {
    intake: async () => (await import('../../intake/src/intake.module.js')).IntakeModule,
    compliance: async () => (await import('../../compliance/src/compliance.module.js')).ComplianceModule,
    rewards: async () => (await import('../../rewards/src/rewards.module.js')).RewardsModule,
    reporting: async () => (await import('../../reporting/src/reporting.module.js')).ReportingModule,
  };
  return Promise.all(apps.map((app) => loaders[app]()));
}
