import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tracer } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * OpenTelemetry on the embedded platform, exporting over OTLP/HTTP to a collector stub: one
 * donation's spans, from the HTTP request through the ledger append, the relay's publish and
 * each consumer group's handling, are one trace, the caller's; with no endpoint, tracing is off.
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** An OTLP/HTTP collector that keeps every span it is sent. */
async function collector(): Promise<{ url: string; spans: OtlpSpan[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';

describe('traces over OTLP', () => {
  let otlp: Awaited<ReturnType<typeof collector>>;
  let platform: EmbeddedPlatform;

  beforeAll(async () => {
    otlp = await collector();
    platform = await startEmbedded({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
    const api = apiAs(platform.url, TEST_ADMIN_KEY);
    await api('POST', '/v1/committees', {
      committeeId: 'trace-cmte',
      name: 'Traces for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    });
    await api('POST', '/v1/campaigns', { campaignId: 'trace-camp', committeeId: 'trace-cmte', name: 'Traces', currency: 'USD' });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    otlp?.server.close();
  });

  const donate = (donationId: string, headers: Record<string, string> = {}) =>
    apiAs(platform.url, TEST_ADMIN_KEY)(
      'POST',
      '/v1/campaigns/trace-camp/donations',
      { donationId, amountMinor: 2_500, currency: 'USD', donor: { type: 'individual', name: 'Tracy Span', email: 'tracy@trace.example', attestations: { usCitizenOrPermanentResident: true } }, payment: { method: 'card', pspReference: `pi_${donationId}` } },
      { 'idempotency-key': randomUUID(), ...headers },
    );

  const spansOf = (traceId: string) => otlp.spans.filter((span) => span.traceId === traceId);
  const EXPECTED = ['POST /v1/campaigns/:campaignId/donations', 'ledger append', 'publish hustings.donations.v1', 'compliance process hustings.donations.v1', 'rewards process hustings.donations.v1', 'reporting process hustings.donations.v1'];

  it("given a caller's traceparent, then the request, the append, the publish and each consumer's handling are spans of the caller's trace", async () => {
    expect(tracer()).not.toBeNull();
    expect((await donate('trace-don-1', { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` })).status).toBe(202);
    const spans = await eventually('the donation\'s spans exported', async () => spansOf(TRACE_ID), (found) => EXPECTED.every((name) => found.some((span) => span.name === name)), 30_000);
    const server = spans.find((span) => span.name === EXPECTED[0])!;
    expect(server).toMatchObject({ parentSpanId: CALLER_SPAN, kind: 2 });
    // The append and the publish hang under the request's span: its traceparent is what the facts recorded.
    expect(spans.find((span) => span.name === 'ledger append' && span.parentSpanId === server.spanId)).toBeDefined();
    const publish = spans.find((span) => span.name === 'publish hustings.donations.v1')!;
    expect(publish.parentSpanId).toBe(server.spanId);
    for (const group of ['compliance', 'rewards', 'reporting']) {
      expect(spans.find((span) => span.name === `${group} process hustings.donations.v1`)).toMatchObject({ kind: 5, parentSpanId: server.spanId });
    }
  }, 60_000);

  it('given no traceparent, then the request starts a trace, and everything downstream joins it', async () => {
    expect((await donate('trace-don-2')).status).toBe(202);
    const server = await eventually('a root span for the donation', async () => otlp.spans.find((span) => span.name === EXPECTED[0] && !span.parentSpanId && span.traceId !== TRACE_ID), Boolean, 30_000);
    await eventually('its downstream spans', async () => spansOf(server!.traceId), (found) => EXPECTED.every((name) => found.some((span) => span.name === name)), 30_000);
  }, 60_000);
});

describe('traces by default', () => {
  it('are off: no endpoint, no tracer, no span work', async () => {
    const platform = await startEmbedded();
    try {
      expect(tracer()).toBeNull();
    } finally {
      await platform.stop();
    }
  }, 120_000);
});
