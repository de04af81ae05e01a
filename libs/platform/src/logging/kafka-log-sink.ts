import type { Logger as Pino } from 'pino';

/** The shape of a Kafka client's line (libs/messaging/src/kafka/kafka-log.ts), restated so the embedded default never loads kafkajs. */
export interface KafkaLogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  component: string;
  message: string;
  fields: Record<string, unknown>;
}

/** The Kafka client's lines as the process's own, under `context: kafka`. */
export function kafkaLogSink(logger: Pino): (line: KafkaLogLine) => void {
  const kafka = logger.child({ context: 'kafka' });
  return (line) => kafka[line.level]({ component: line.component, ...line.fields }, line.message);
}
