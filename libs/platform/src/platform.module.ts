import { APP_GUARD } from '@nestjs/core';
import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { LEDGER_STORE } from '#ledger';
import { PERSONAL_DATA_VAULT } from '#personal-data';
import { EVENT_BUS } from '#messaging';
import { AuthGuard } from './auth/auth.guard.js';
import { AddressLimits } from './http/address-limits.js';
import { TenantScope } from './auth/tenant-scope.js';
import type { HustingsConfig } from './config.js';
import { ApiKeysController } from './auth/api-keys.controller.js';
import { HealthController } from './health.controller.js';
import type { Infrastructure } from './infrastructure.js';
import { Lifecycle } from './lifecycle.js';
import { Metrics } from './metrics.js';
import { apiDocument } from './openapi/openapi.document.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import type { OpenApiDocument } from './openapi/openapi.types.js';
import { CHECKPOINTS, CONFIG, INFRASTRUCTURE, METRICS, OPENAPI_DOCUMENT, READ_MODELS } from './tokens.js';

/** Shared by every app: configuration, ports with their adapters, health, metrics, lifecycle. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure) {}

  /** `api`: the document of the apps this process runs (apiDocument of their modules' parts). */
  static forRoot(config: HustingsConfig, infrastructure: Infrastructure, metrics: Metrics, api: OpenApiDocument = apiDocument([])): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: config },
      { provide: INFRASTRUCTURE, useValue: infrastructure },
      { provide: LEDGER_STORE, useValue: infrastructure.ledger },
      { provide: EVENT_BUS, useValue: infrastructure.bus },
      { provide: READ_MODELS, useValue: infrastructure.readModels },
      { provide: CHECKPOINTS, useValue: infrastructure.checkpoints },
      { provide: METRICS, useValue: metrics },
      { provide: OPENAPI_DOCUMENT, useValue: api },
      // Only apps given the master key can inject the vault; in the others, asking for it fails at start.
      ...(infrastructure.personalData ? [{ provide: PERSONAL_DATA_VAULT, useValue: infrastructure.personalData }] : []),
      Lifecycle,
      TenantScope,
      AddressLimits,
    ];
    return {
      module: PlatformModule,
      controllers: [HealthController, ApiKeysController, OpenApiController],
      providers: [...providers, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: providers.map((p) => ('provide' in p ? p.provide : p)),
    };
  }

  /** Connections close last, after Lifecycle has drained consumers and the relay. */
  async onApplicationShutdown(): Promise<void> {
    await this.infrastructure.close();
  }
}
