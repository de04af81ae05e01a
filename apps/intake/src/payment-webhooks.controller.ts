import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import {
  namesCheckout,
  parseCheckoutPaymentWebhook,
  parsePaymentWebhook,
  parseSignatureHeader,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookSignatureError,
  type VerifiedDelivery,
} from '#domain';
import { AddressLimits, clientAddressOf, CONFIG, HttpProblem, METRICS, Metrics, problem, Public, READ_MODELS, RequestContext, type HustingsConfig, type PublicRequestContext } from '#platform';
import { ConduitService } from './conduit.service.js';
import { WebhookDeliveryStore } from './payment-webhooks/webhook-delivery-store.js';
import { PaymentWebhooksService, type RecordedNotice } from './payment-webhooks.service.js';

/** The exact bytes the JSON parser read (see `rawBody` in libs/platform/src/bootstrap.ts). */
type RawBodyRequest = Request & { rawBody?: Buffer };

/**
 * POST /v1/webhooks/payments: a payment provider reports a capture, failure, refund or
 * chargeback. Checked in this order: signature (401 webhook_signature_missing, _invalid,
 * _expired), replay of a signed delivery already admitted (409 webhook_replayed), body
 * (400/422), then the donation decider. A provider retrying the same event under a fresh
 * signature gets 200 with `duplicate: true` and nothing new is written. A delivery that was
 * refused after the signature check is forgotten, so it may be sent again as it is.
 */
@Public()
@Controller('v1/webhooks')
export class PaymentWebhooksController {
  private readonly deliveries: WebhookDeliveryStore;

  constructor(
    private readonly notices: PaymentWebhooksService,
    private readonly conduits: ConduitService,
    @Inject(READ_MODELS) readModels: DataSource,
    @Inject(CONFIG) private readonly config: HustingsConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly addresses: AddressLimits,
  ) {
    this.deliveries = new WebhookDeliveryStore(readModels);
  }

  @Post('payments')
  @HttpCode(200)
  async payments(
    @Req() request: RawBodyRequest,
    @Res({ passthrough: true }) response: Response,
    @RequestContext({ publicActor: 'psp-webhook' }) ctx: PublicRequestContext,
  ): Promise<(RecordedNotice | Awaited<ReturnType<ConduitService['recordPayment']>>) & { received: true }> {
    const delivery = this.authenticate(request, response);
    if (!(await this.deliveries.claim(delivery))) {
      throw new HttpProblem(problem('webhook_replayed', 'this signed delivery was already received; sign a retry afresh'));
    }
    try {
      if (namesCheckout(request.body)) {
        // A split checkout's one payment: recorded on every share at once (ConduitService.recordPayment).
        const { checkoutId, notice } = parseCheckoutPaymentWebhook(request.body);
        return { received: true, ...(await this.conduits.recordPayment(checkoutId, notice, ctx)) };
      }
      return { received: true, ...(await this.notices.record(parsePaymentWebhook(request.body), ctx)) };
    } catch (error) {
      // A delivery that changed nothing may come again as it is: a provider retrying the same
      // bytes after our failure, or after the donation it names has been received, is heard.
      await this.deliveries.release(delivery).catch(() => undefined);
      throw error;
    }
  }

  /** Deliveries whose signature fails are limited per client address; signed ones are not. */
  private authenticate(request: RawBodyRequest, response: Response): VerifiedDelivery {
    const header = request.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()];
    const address = clientAddressOf(request);
    const wait = this.addresses.blocked(address);
    if (wait !== null) {
      response.set('retry-after', String(wait));
      this.addresses.refused(`address ${address}`);
      throw new HttpProblem(problem('rate_limited', `too many deliveries with a bad signature from this address; retry after ${wait} s`));
    }
    try {
      if (!Buffer.isBuffer(request.rawBody)) {
        parseSignatureHeader(header);
        throw new HttpProblem(problem('invalid_request', 'a payment webhook is a JSON body (content-type application/json)', { field: 'body' }));
      }
      return verifyWebhookSignature({ header, rawBody: request.rawBody, secrets: this.config.webhookSecrets, nowSeconds: Math.floor(Date.now() / 1000) });
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      this.metrics.webhookSignatureFailures.inc({ code: error.code });
      this.addresses.charge(address);
      response.set('www-authenticate', WEBHOOK_SIGNATURE_HEADER);
      throw new HttpProblem(problem(error.code, error.message));
    }
  }
}
