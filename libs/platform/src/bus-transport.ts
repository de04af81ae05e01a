import { applyDecorators, Catch, Controller, Logger, UseFilters, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, EventPattern, Server, type CustomTransportStrategy, type MessageHandler as NestHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import type { RecordedEvent } from '#contracts';
import { BatchMessageError, decodeEvent, type Consumer, type EventBus, type IncomingMessage } from '#messaging';
import type { Span } from '@opentelemetry/api';
import type { Metrics } from './metrics.js';
import { endSpan, SpanKind, startSpan, tracer } from './tracing/tracing.js';

/**
 * The transport id of one consumer group. A handler names its group in the decorator, so
 * in the embedded process, where three groups read the same topic, each gets only its own:
 *
 *   @EventPattern(TOPICS.donations, consumerGroup('reporting'))
 *   apply(@Payload() event: RecordedEvent, @Ctx() context: unknown) { ... }
 */
export const consumerGroup = (group: string): symbol => Symbol.for(`hustings.consumer-group:${group}`);

/**
 * A handler of a whole batch: the events of one partition of the topic, oldest first, with a
 * BusBatchContext. Opt-in, for a service that decides a batch against state it holds and
 * appends once; per-event @EventPattern handlers of the same group keep working beside it.
 *
 *   @BatchEventPattern(TOPICS.donations, consumerGroup('compliance'))
 *   decide(@Payload() events: RecordedEvent[], @Ctx() context: BusBatchContext) { ... }
 *
 * Resolving means the whole batch is done. Throwing BatchMessageError(index, cause) says the
 * events before `index` are done; any other error retries the batch and then hands it over
 * one event at a time, so a poisoned event is dead-lettered alone.
 */
export const BatchEventPattern = (topic: string, group: symbol) => EventPattern<Record<string, RecordedEvent[]>>(topic, group, { batch: true });

/** What a handler may ask about the message it is handling: the bus message and its group. */
export class BusContext extends BaseRpcContext<[IncomingMessage, string]> {
  getMessage(): IncomingMessage {
    return this.args[0];
  }

  getGroup(): string {
    return this.args[1];
  }

  /**
   * A source partition delivers ledger positions in order: the key of a projection checkpoint.
   * Takes `unknown` because Nest types a handler's further arguments so.
   */
  static partitionKeyOf(context: unknown): string {
    if (!(context instanceof BusContext || context instanceof BusBatchContext)) {
      throw new Error('handler was not called by the EventBusServer transport');
    }
    const message = context instanceof BusContext ? context.getMessage() : context.getMessages()[0];
    return `${message.topic}:${message.partition}`;
  }
}

/** What a batch handler may ask: the bus messages (one partition, in order) and its group. */
export class BusBatchContext extends BaseRpcContext<[IncomingMessage[], string]> {
  getMessages(): IncomingMessage[] {
    return this.args[0];
  }

  getGroup(): string {
    return this.args[1];
  }
}

/**
 * Hands handler errors to the transport untouched. Nest's default turns them into a generic
 * "Internal server error", which would hide a PermanentMessageError (dead-letter at once)
 * and the reason a dead letter must carry.
 */
@Catch()
export class RethrowToBus implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/** Marks a class of @EventPattern handlers; their errors reach the bus as they were thrown. */
export const BusConsumer = (): ClassDecorator => applyDecorators(Controller(), UseFilters(RethrowToBus));

/**
 * A Nest microservice transport over our EventBus port (Kafka or in-process): @EventPattern
 * handlers of one consumer group, with the bus's guarantees rather than Nest's stock Kafka
 * server's — the offset is committed only once the handler's promise or stream completes,
 * failures are retried with backoff and then dead-lettered, redeliveries are dropped by
 * event id. The topics are the handlers' patterns.
 */
export class EventBusServer extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  private consumer: Consumer | null = null;
  private readonly log: Logger;
  /** The handlers of each topic, in the order Nest chained them, taken apart (see detachChains). */
  private readonly chains = new Map<string, NestHandler[]>();

  constructor(
    private readonly bus: EventBus,
    readonly group: string,
    private readonly metrics: Metrics,
  ) {
    super();
    this.transportId = consumerGroup(group);
    this.log = new Logger(`bus:${group}`);
  }

  /** Topics with a handler of this group; empty until Nest has registered them. */
  get topics(): string[] {
    return [...this.getHandlers().keys()];
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.detachChains();
      if (this.topics.length > 0) {
        const options = {
          group: this.group,
          topics: this.topics,
          onDeadLetter: (message: IncomingMessage | { topic: string }, reason: string) => {
            this.metrics.deadLetters.inc({ group: this.group, topic: message.topic });
            this.log.error(`dead-lettered a message from ${message.topic}: ${reason}`);
          },
        };
        // A group with a batch handler takes batches; one of per-event handlers only, a message at a time.
        this.consumer = this.hasBatchHandler()
          ? await this.bus.consumeBatches(options, (messages) => this.dispatchBatch(messages))
          : await this.bus.consume(options, (message) => this.dispatch(message));
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Lets the handler in flight finish and commit, then leaves the group. */
  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }

  on(): never {
    throw new Error('EventBusServer reports through metrics and logs, not events');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private hasBatchHandler(): boolean {
    return [...this.chains.values()].some((chain) => chain.some(isBatchHandler));
  }

  /**
   * Several handlers of one group may follow one topic: Nest chains them through `next`, and
   * its wrapper of an event handler calls `next` itself with the arguments it was given. This
   * transport calls every handler of a topic in turn, a batch handler with the batch and a
   * per-event handler with each event, so the links are taken apart once, before consuming:
   * left in place, each handler ran once more for every handler before it in the chain (the
   * review index was refreshed twice per event), and a per-event handler after a batch handler
   * was also handed the whole batch.
   */
  private detachChains(): void {
    for (const [topic, head] of this.messageHandlers) {
      const chain = this.chains.get(topic) ?? this.chainOf(head);
      for (const handler of chain) handler.next = undefined;
      this.chains.set(topic, chain);
    }
  }

  /** The topic is the route itself: Nest's getHandlerByPattern would first try it as JSON and throw. */
  private handlersOf(topic: string): NestHandler[] {
    return this.chains.get(topic) ?? [];
  }

  private chainOf(head: NestHandler): NestHandler[] {
    const chain: NestHandler[] = [];
    for (let current: NestHandler | undefined = head; current; current = current.next) chain.push(current);
    return chain;
  }

  private async dispatch(message: IncomingMessage): Promise<void> {
    const handlers = this.handlersOf(message.topic);
    if (handlers.length === 0) return;
    try {
      // Each handler runs in turn, and a failure redelivers the message to all, so each is idempotent.
      const done = this.metrics.handlerDuration.startTimer({ group: this.group, topic: message.topic });
      const spans = this.consumerSpans([message]);
      try {
        const event = decodeEvent(message);
        for (const handler of handlers) await invoke(handler, event, new BusContext([message, this.group]));
        spans.forEach((span) => span.end());
      } catch (error) {
        spans.forEach((span) => endSpan(span, error));
        throw error;
      }
      done();
      this.metrics.consumed.inc({ group: this.group, topic: message.topic });
    } catch (error) {
      if (message.attempt === 1) this.log.warn(`failed on ${message.topic}/${message.partition}/${message.offset}: ${String(error)}`);
      throw error;
    }
  }

  /** A batch of one partition: an event that cannot be read ends it, and is dead-lettered once those before it are done. */
  private async dispatchBatch(messages: IncomingMessage[]): Promise<void> {
    const handlers = this.handlersOf(messages[0].topic);
    if (handlers.length === 0) return;
    try {
      const done = this.metrics.handlerDuration.startTimer({ group: this.group, topic: messages[0].topic });
      const spans = this.consumerSpans(messages);
      try {
        await this.decodeAndRun(handlers, messages);
        spans.forEach((span) => span.end());
      } catch (error) {
        spans.forEach((span) => endSpan(span, error));
        throw error;
      }
      done();
      this.metrics.consumed.inc({ group: this.group, topic: messages[0].topic }, messages.length);
    } catch (error) {
      const first = messages[0];
      if (first.attempt === 1) this.log.warn(`failed on a batch from ${first.topic}/${first.partition}/${first.offset}: ${String(error)}`);
      throw error;
    }
  }

  private async decodeAndRun(handlers: NestHandler[], messages: IncomingMessage[]): Promise<void> {
    const events: RecordedEvent[] = [];
    for (const [index, message] of messages.entries()) {
      try {
        events.push(decodeEvent(message));
      } catch (error) {
        if (index > 0) await this.runBatch(handlers, messages.slice(0, index), events);
        throw new BatchMessageError(index, error);
      }
    }
    await this.runBatch(handlers, messages, events);
  }

  /** When tracing is on, a CONSUMER span per message, child of the span that published it (its traceparent header). */
  private consumerSpans(messages: IncomingMessage[]): Span[] {
    const tracing = tracer();
    if (!tracing) return [];
    return messages.map((message) =>
      startSpan(tracing, `${this.group} process ${message.topic}`, SpanKind.CONSUMER, message.headers.traceparent, {
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': this.group,
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
      }),
    );
  }

  private async runBatch(handlers: NestHandler[], messages: IncomingMessage[], events: RecordedEvent[]): Promise<void> {
    if (!handlers.some(isBatchHandler)) {
      // Per-event handlers only: message by message, each through every handler, as with consume().
      for (const [index, message] of messages.entries()) {
        try {
          for (const handler of handlers) await invoke(handler, events[index], new BusContext([message, this.group]));
        } catch (error) {
          throw new BatchMessageError(index, error);
        }
      }
      return;
    }
    try {
      for (const handler of handlers) {
        if (isBatchHandler(handler)) await invoke(handler, events, new BusBatchContext([messages, this.group]));
        else for (const [index, message] of messages.entries()) await invoke(handler, events[index], new BusContext([message, this.group]));
      }
    } catch (error) {
      // With handlers run one after the other over the batch, "the events before index are
      // done" holds for one handler only: otherwise the whole batch is redelivered to all.
      throw handlers.length > 1 && error instanceof BatchMessageError ? error.cause : error;
    }
  }
}

const isBatchHandler = (handler: NestHandler): boolean => (handler.extras as { batch?: boolean } | undefined)?.batch === true;

/** Runs a Nest handler to completion: its promise, or its stream when it returns one. */
async function invoke(handler: NestHandler, data: unknown, context: BaseRpcContext): Promise<void> {
  const result: unknown = await handler(data, context);
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
