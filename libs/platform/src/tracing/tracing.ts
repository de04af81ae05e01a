import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { parseTraceparent } from '#contracts';

/**
 * OpenTelemetry spans, off unless an OTLP endpoint is configured. Off, nothing here runs on a
 * hot path: callers ask `tracer()` once and skip every span when it answers null, and the SDK
 * and exporter are not even loaded. On, each span takes its parent from the W3C traceparent the
 * work already carries (the request's header, an event's metadata, a bus message's header), so
 * the spans of one donation, in whatever process, join up in one trace without a context manager.
 */
let active: Tracer | null = null;

/** The tracer while tracing is on; null (the default) when it is off. */
export function tracer(): Tracer | null {
  return active;
}

export interface TracingOptions {
  /** OTLP/HTTP endpoint (`http://collector:4318`); null leaves tracing off. */
  endpoint: string | null;
  /** `service.name` of this process's spans. */
  service: string;
}

/** Starts exporting spans over OTLP/HTTP when an endpoint is given; answers how to stop (flushing what is pending). */
export async function startTracing(options: TracingOptions): Promise<() => Promise<void>> {
  if (!options.endpoint) return async () => undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const url = /\/v1\/traces\/?$/.test(options.endpoint) ? options.endpoint : `${options.endpoint.replace(/\/$/, '')}/v1/traces`;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 500 })],
  });
  active = provider.getTracer('hustings');
  return async () => {
    active = null;
    await provider.shutdown();
  };
}

/** Starts a span whose parent is the given W3C traceparent (a new trace when there is none or it is invalid). */
export function startSpan(tracing: Tracer, name: string, kind: SpanKind, traceparent: string | undefined, attributes: Attributes = {}): Span {
  const parent = parseTraceparent(traceparent);
  const context = parent
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId: parent.slice(3, 35),
        spanId: parent.slice(36, 52),
        traceFlags: parent.endsWith('01') ? TraceFlags.SAMPLED : TraceFlags.NONE,
        isRemote: true,
      })
    : ROOT_CONTEXT;
  return tracing.startSpan(name, { kind, attributes }, context);
}

/** The W3C traceparent that makes a span the parent of what comes after it. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags & TraceFlags.SAMPLED ? '01' : '00'}`;
}

/** Ends a span as failed when given an error. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
  }
  span.end();
}

export { SpanKind };
