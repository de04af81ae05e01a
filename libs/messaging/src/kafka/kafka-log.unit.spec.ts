import { logLevel } from 'kafkajs';
import { kafkaLogCreator, kafkaLogLine, type KafkaLogLine } from './kafka-log.js';

const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) => ({
  namespace: 'Connection',
  level,
  label: 'ERROR',
  log: { timestamp: '2026-12-05T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe("the Kafka client's lines", () => {
  it('given a coordinator still loading at start, then it is INFO, not ERROR', () => {
    const line = kafkaLogLine(entry(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', { error: "The coordinator is loading and hence can't process requests for this group", broker: 'b:9092' }));
    expect(line).toEqual({ level: 'info', component: 'Connection', message: 'Response GroupCoordinator(key: 10, version: 2)', fields: { error: expect.any(String), broker: 'b:9092' } });
  });

  it('given a leadership election, a coordinator not yet available, a rebalance or a topic another replica just made, then INFO too', () => {
    for (const error of ['Topic creation errors', 'The group coordinator is not available', 'There is no leader for this topic-partition as we are in the middle of a leadership election', 'The group is rebalancing, so a rejoin is needed']) {
      expect(kafkaLogLine(entry(logLevel.ERROR, 'Response JoinGroup', { error })).level).toBe('info');
    }
  });

  it('given the client restarting a consumer after a retriable crash, then WARN: it recovers by itself', () => {
    expect(kafkaLogLine({ ...entry(logLevel.ERROR, 'Restarting the consumer in 300ms', { retryTime: 300 }), namespace: 'Consumer' }).level).toBe('warn');
  });

  it('given a real failure, then it stays ERROR; warnings and debug lines keep their level', () => {
    expect(kafkaLogLine(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:1')).level).toBe('error');
    expect(kafkaLogLine(entry(logLevel.WARN, 'KafkaJS v2.0.0 switched default partitioner')).level).toBe('warn');
    expect(kafkaLogLine(entry(logLevel.DEBUG, 'Request Metadata')).level).toBe('debug');
  });

  it('kafkaLogCreator hands every line to the sink, not to stdout', () => {
    const lines: KafkaLogLine[] = [];
    kafkaLogCreator((line) => lines.push(line))(logLevel.INFO)(entry(logLevel.INFO, 'Starting', { groupId: 'compliance' }));
    expect(lines).toEqual([{ level: 'info', component: 'Connection', message: 'Starting', fields: { groupId: 'compliance' } }]);
  });
});
