import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { parseApiKeyRequest } from '#domain';
import { fail } from '../http/problem.js';
import { RequestContext } from '../http/request-context.js';
import { READ_MODELS } from '../tokens.js';
import { ApiKeyStore } from './api-key-store.js';
import { Roles } from './auth.guard.js';

const KEY_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Who the presented key is (`/v1/session`, for any key: the console shows the tenant and the
 * roles and offers only what they permit), and the admin's API keys of their own tenant: issue
 * (the key is shown in this answer only), list and revoke, without stopping the platform.
 * Another tenant's key answers 404 like one that does not exist. A revoked key stops working
 * within API_KEY_CACHE_MS.
 */
@Controller('v1')
export class ApiKeysController {
  private readonly keys: ApiKeyStore;

  constructor(@Inject(READ_MODELS) readModels: DataSource) {
    this.keys = new ApiKeyStore(readModels);
  }

  @Get('session')
  @Roles('intake', 'officer', 'auditor')
  session(@RequestContext() ctx: RequestContext) {
    return { keyId: ctx.keyId, tenantId: ctx.tenantId, roles: ctx.roles };
  }

  @Get('api-keys')
  async list(@RequestContext() ctx: RequestContext) {
    return { tenantId: ctx.tenantId, keys: await this.keys.list(ctx.tenantId) };
  }

  @Post('api-keys')
  @HttpCode(201)
  async issue(@Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const request = parseApiKeyRequest(body);
    return this.keys.issue(ctx.tenantId, request.roles, request.label);
  }

  @Post('api-keys/:keyId/revoke')
  @HttpCode(200)
  async revoke(@Param('keyId') keyId: string, @RequestContext() ctx: RequestContext) {
    const owned = KEY_ID.test(keyId) ? (await this.keys.list(ctx.tenantId)).find((key) => key.keyId === keyId) : undefined;
    if (!owned) return fail('not_found', `no API key ${keyId}`);
    await this.keys.revoke(keyId);
    const revoked = (await this.keys.list(ctx.tenantId)).find((key) => key.keyId === keyId);
    return revoked ?? owned;
  }
}
