import type { NewEvent } from '#contracts';
import type { LedgerStore } from '#ledger';
import type { EventBus } from '#messaging';
import type { Metrics } from './metrics.js';
import { endSpan, SpanKind, startSpan, tracer } from './tracing/tracing.js';

/** Decision events and their outcome label. */
const OUTCOMES: Record<string, string> = { DonationAccepted: 'accepted', DonationFlagged: 'flagged', DonationRejected: 'rejected' };

function countDecisions(metrics: Metrics, events: readonly NewEvent[]): void {
  for (const event of events) {
    const outcome = OUTCOMES[event.type];
    if (!outcome) continue;
    const code = (event.payload as { code?: unknown }).code;
    metrics.decisions.inc({ outcome, reason: typeof code === 'string' ? code : outcome === 'accepted' ? 'within_rules' : 'unspecified' });
  }
}

/**
 * The ledger with its appends timed and the decisions among them counted. Reads pass straight
 * through; the cost on an append is one timer and one loop over the events it already holds.
 */
export function observedLedger(ledger: LedgerStore, metrics: Metrics): LedgerStore {
  const append: LedgerStore['append'] = async (streamId, events, expected) => {
    const done = metrics.ledgerAppend.startTimer({ operation: 'append' });
    const span = appendSpan([events]);
    try {
      const result = await ledger.append(streamId, events, expected);
      if (!result.duplicate) countDecisions(metrics, events);
      span?.end();
      return result;
    } catch (error) {
      if (span) endSpan(span, error);
      throw error;
    } finally {
      done();
    }
  };
  const appendMany: LedgerStore['appendMany'] = async (requests) => {
    const done = metrics.ledgerAppend.startTimer({ operation: 'appendMany' });
    const span = appendSpan(requests.map((request) => request.events));
    try {
      const results = await ledger.appendMany(requests);
      requests.forEach((request, i) => results[i]?.duplicate === false && countDecisions(metrics, request.events));
      span?.end();
      return results;
    } catch (error) {
      if (span) endSpan(span, error);
      throw error;
    } finally {
      done();
    }
  };
  return passThrough(ledger, { append, appendMany });
}

/** A span for an append, in the trace of the first event that carries one (a batch's events may carry several: one span, in the first). */
function appendSpan(batches: readonly (readonly NewEvent[])[]) {
  const tracing = tracer();
  if (!tracing) return null;
  const traceparent = batches.flat().find((event) => event.metadata?.traceId)?.metadata.traceId;
  return startSpan(tracing, 'ledger append', SpanKind.CLIENT, traceparent, { 'hustings.events': batches.reduce((n, events) => n + events.length, 0), 'hustings.streams': batches.length });
}

/** The bus with each publish timed until the broker's acknowledgement. */
export function observedBus(bus: EventBus, metrics: Metrics): EventBus {
  const publish: EventBus['publish'] = async (messages) => {
    const done = metrics.produceLatency.startTimer();
    const tracing = tracer();
    // One PRODUCER span per message, each in the trace its message carries.
    const spans = tracing ? messages.map((m) => startSpan(tracing, `publish ${m.topic}`, SpanKind.PRODUCER, m.headers?.traceparent, { 'messaging.system': 'kafka', 'messaging.destination.name': m.topic })) : [];
    try {
      await bus.publish(messages);
      for (const span of spans) span.end();
    } catch (error) {
      for (const span of spans) endSpan(span, error);
      throw error;
    } finally {
      done();
    }
  };
  return passThrough(bus, { publish });
}

/** `target` with some methods replaced; every other member is the target's own, bound to it. */
function passThrough<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property as keyof T];
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
