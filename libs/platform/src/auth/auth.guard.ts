import { Inject, Injectable, Logger, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { hashApiKey, permits, presentedApiKey, type Principal, type Role } from '#domain';
import { ApiKeyStore } from './api-key-store.js';
import type { HustingsConfig } from '../config.js';
import { HttpProblem, problem } from '../http/problem.js';
import { takeToken, type Bucket } from '../http/rate-limit.js';
import { AddressLimits, clientAddressOf } from '../http/address-limits.js';
import { CONFIG, READ_MODELS } from '../tokens.js';

const PUBLIC = 'hustings:public';
const ROLES_KEY = 'hustings:roles';

/** A route anyone may call: probes, metrics, the API document, signed webhooks, the donor wall. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);

const ADDRESS_LIMITED = 'hustings:address-limited';

/** A public route whose every request is limited per client address (the donor wall). */
export const AddressLimited = (): MethodDecorator & ClassDecorator => SetMetadata(ADDRESS_LIMITED, true);

/** Roles that may call a route (an admin always may). A route that names none is admin-only. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

type AuthenticatedRequest = Request & { principal?: Principal };

const refuse = (code: 'unauthenticated' | 'forbidden' | 'rate_limited', detail: string): never => {
  throw new HttpProblem(problem(code, detail));
};

/**
 * Every HTTP route needs an API key unless marked @Public: the key is looked up by its hash
 * (cached for API_KEY_CACHE_MS, so a revocation takes effect within that), its roles checked
 * against the route's @Roles, and its requests rate-limited per key with a token bucket.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly keys: ApiKeyStore;
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(READ_MODELS) readModels: DataSource,
    @Inject(CONFIG) private readonly config: HustingsConfig,
    private readonly addresses: AddressLimits,
  ) {
    this.keys = new ApiKeyStore(readModels);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const address = clientAddressOf(request);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) {
      if (this.reflector.getAllAndOverride<boolean>(ADDRESS_LIMITED, targets)) this.limitAddress(address, response, this.addresses.charge(address));
      return true;
    }
    // An address that has spent its failures is refused before its key is even looked up.
    this.limitAddress(address, response, this.addresses.blocked(address));
    const presented = presentedApiKey(request.header('authorization'), request.header('x-api-key'));
    if (presented === null || 'problem' in presented) {
      this.addresses.charge(address);
      response.setHeader('WWW-Authenticate', 'Bearer realm="hustings"');
      return refuse('unauthenticated', presented === null ? 'an API key is required (Authorization: Bearer <key>)' : presented.problem);
    }
    const principal = await this.principalOf(presented.key);
    if (!principal) {
      this.addresses.charge(address);
      response.setHeader('WWW-Authenticate', 'Bearer realm="hustings", error="invalid_token"');
      return refuse('unauthenticated', 'the API key is unknown or revoked');
    }
    this.limit(principal, response);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!permits(principal, allowed)) {
      return refuse('forbidden', `this key's roles (${principal.roles.join(', ')}) may not do this`);
    }
    request.principal = principal;
    return true;
  }

  private async principalOf(key: string): Promise<Principal | null> {
    const now = Date.now();
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const principal = await this.keys.authenticate(key);
    if (this.config.auth.keyCacheMs > 0) {
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(hash, { principal, until: now + this.config.auth.keyCacheMs });
    }
    return principal;
  }

  private limit(principal: Principal, response: Response): void {
    const limit = { ratePerSecond: this.config.auth.rateLimitPerSecond, burst: this.config.auth.rateLimitBurst };
    const take = takeToken(this.buckets.get(principal.keyId), Date.now(), limit);
    this.buckets.set(principal.keyId, take.bucket);
    response.setHeader('RateLimit-Policy', `${limit.burst};w=${Math.ceil(limit.burst / limit.ratePerSecond)}`);
    response.setHeader('RateLimit', `limit=${limit.burst}, remaining=${take.remaining}, reset=${take.retryAfterSeconds}`);
    if (!take.allowed) {
      response.setHeader('Retry-After', String(take.retryAfterSeconds));
      this.addresses.refused(`key ${principal.keyId} of tenant ${principal.tenantId}`);
      refuse('rate_limited', `too many requests for this key; retry after ${take.retryAfterSeconds} s`);
    }
  }

  private limitAddress(address: string, response: Response, retryAfterSeconds: number | null): void {
    if (retryAfterSeconds === null) return;
    response.setHeader('Retry-After', String(retryAfterSeconds));
    this.addresses.refused(`address ${address}`);
    refuse('rate_limited', `too many requests without a valid key from this address; retry after ${retryAfterSeconds} s`);
  }
}
