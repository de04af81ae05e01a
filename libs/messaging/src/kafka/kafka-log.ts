import { logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';

/** One line of the Kafka client, for the process's own logger. */
export interface KafkaLogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  /** The client's component (`Connection`, `Consumer`, `Runner`...). */
  component: string;
  message: string;
  /** The client's fields: broker, group, error text... (no message payloads: those stay filtered). */
  fields: Record<string, unknown>;
}

/**
 * Answers a broker gives while it starts, elects leaders or rebalances: the client retries
 * them and goes on. At ERROR they would page someone for a broker that is merely starting.
 */
const EXPECTED_WHILE_STARTING = [
  "The coordinator is loading and hence can't process requests for this group",
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'This server is not the leader for that topic-partition',
  'This server does not host this topic-partition',
  'The group is rebalancing, so a rejoin is needed',
  'The coordinator is not aware of this member',
  // Replicas starting together each create the missing topics; all but one are told they exist.
  // The bus checks the topics afterwards and fails the start itself if one is still missing.
  'Topic creation errors',
];

const LEVELS: Partial<Record<KafkaLogLevel, KafkaLogLine['level']>> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/** The level a client's line deserves: an expected start-up or rebalance answer is INFO, not ERROR. */
export function kafkaLogLine(entry: LogEntry): KafkaLogLine {
  const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log as { message: string; timestamp: string; logger?: string; [key: string]: unknown };
  let level = LEVELS[entry.level] ?? 'debug';
  const said = `${message} ${typeof fields.error === 'string' ? fields.error : ''}`;
  if ((level === 'error' || level === 'warn') && EXPECTED_WHILE_STARTING.some((text) => said.includes(text))) level = 'info';
  // The client restarts a consumer after a retriable crash (logged just before, at its own level): it recovers by itself.
  else if (level === 'error' && message.startsWith('Restarting the consumer in ')) level = 'warn';
  return { level, component: entry.namespace, message, fields };
}

/** Repeats of one error or warning within REPEAT_INTERVAL_MS are counted, not written. */
export const REPEAT_INTERVAL_MS = 30_000;

/**
 * While the broker is down the client says the same thing on every reconnect (several times a
 * second across producer, admin and consumers): the first of each error or warning is written
 * at once, its repeats within the interval are counted, and the next one after the interval is
 * written with `repeated` (how many since) and `sinceMs`. The key leaves out numbers (retry
 * times, ports of a broker list that vary, correlation ids), so "Restarting in 300ms" and "in
 * 612ms" are one line. INFO and DEBUG pass untouched. `now` is the caller's clock.
 */
export function summarizeRepeats(sink: (line: KafkaLogLine) => void, intervalMs = REPEAT_INTERVAL_MS, now: () => number = Date.now): (line: KafkaLogLine) => void {
  const tallies = new Map<string, { loggedAtMs: number; unlogged: number }>();
  return (line) => {
    if (line.level !== 'error' && line.level !== 'warn') return sink(line);
    const key = `${line.level} ${line.component} ${line.message} ${typeof line.fields.error === 'string' ? line.fields.error : ''}`.replace(/\d+/g, '#');
    const at = now();
    const tally = tallies.get(key);
    if (tally && at - tally.loggedAtMs < intervalMs) {
      tally.unlogged += 1;
      return;
    }
    tallies.set(key, { loggedAtMs: at, unlogged: 0 });
    // Bounded: keys are few in practice (one per kind of failure), but never let them grow without end.
    if (tallies.size > 1_000) tallies.delete(tallies.keys().next().value as string);
    sink(tally && tally.unlogged > 0 ? { ...line, fields: { ...line.fields, repeated: tally.unlogged, sinceMs: at - tally.loggedAtMs } } : line);
  };
}

/** kafkajs' logCreator that hands every line to `sink` (repeats summarised) instead of writing to stdout itself. */
export function kafkaLogCreator(sink: (line: KafkaLogLine) => void, intervalMs = REPEAT_INTERVAL_MS): logCreator {
  const summarized = summarizeRepeats(sink, intervalMs);
  return () => (entry) => summarized(kafkaLogLine(entry));
}
