import { applyDecorators, Catch, Controller, Logger, UseFilters, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import { decodeEvent, type Consumer, type EventBus, type IncomingMessage } from '#messaging';
import type { Metrics } from './metrics.js';

/**
 * The transport id of one consumer group. A handler names its group in the decorator, so
 * in the embedded process, where three groups read the same topic, each gets only its own:
 *
 *   @EventPattern(TOPICS.donations, consumerGroup('reporting'))
 *   apply(@Payload() event: RecordedEvent, @Ctx() context: unknown) { ... }
 */
export const consumerGroup = (group: string): symbol => Symbol.for(`hustings.consumer-group:${group}`);

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
    if (!(context instanceof BusContext)) throw new Error('handler was not called by the EventBusServer transport');
    const message = context.getMessage();
    return `${message.topic}:${message.partition}`;
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

  constructor(
    private readonly bus: EventBus,
    private readonly group: string,
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
      if (this.topics.length > 0) {
        this.consumer = await this.bus.consume(
          {
            group: this.group,
            topics: this.topics,
            onDeadLetter: (message, reason) => {
              this.metrics.deadLetters.inc({ group: this.group, topic: message.topic });
              this.log.error(`dead-lettered a message from ${message.topic}: ${reason}`);
            },
          },
          (message) => this.dispatch(message),
        );
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

  private async dispatch(message: IncomingMessage): Promise<void> {
    const handler = this.getHandlerByPattern(message.topic);
    if (!handler) return;
    try {
      // Several handlers of one group may follow one topic (Nest chains them through `next`):
      // each runs in turn, and a failure redelivers the message to all, so each is idempotent.
      for (let current: typeof handler | undefined = handler; current; current = current.next) {
        const result = await current(decodeEvent(message), new BusContext([message, this.group]));
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      }
      this.metrics.consumed.inc({ group: this.group, topic: message.topic });
    } catch (error) {
      if (message.attempt === 1) this.log.warn(`failed on ${message.topic}/${message.partition}/${message.offset}: ${String(error)}`);
      throw error;
    }
  }
}
