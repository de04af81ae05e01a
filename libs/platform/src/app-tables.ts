import type { Type } from '@nestjs/common';
import type { TableSet } from '#sql';

/**
 * An app module whose stores keep tables in the app's schema names them in a static `tables`
 * (`static readonly tables = [IDEMPOTENCY_TABLES]`): the store lives beside the app that owns
 * it, and the platform, which opens the schema before Nest starts, still migrates every table
 * at start. Apps run in one process (the embedded platform) share one schema and its tables.
 */
export interface AppModuleTables {
  readonly tables?: readonly TableSet[];
}

export function tablesOf(appModules: readonly Type[]): TableSet[] {
  return appModules.flatMap((appModule) => (appModule as AppModuleTables).tables ?? []);
}
