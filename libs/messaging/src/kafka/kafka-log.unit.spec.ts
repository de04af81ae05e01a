import { logLevel } from 'kafkajs';
import { kafkaLogCreator, kafkaLogLine, summarizeRepeats, type KafkaLogLine } from './kafka-log.js';

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

  describe('given the broker down, the client repeating its errors on every reconnect', () => {
    const line = (message: string, level: KafkaLogLine['level'] = 'error'): KafkaLogLine => ({ level, component: 'Connection', message, fields: { broker: '127.0.0.1:19092' } });
    let clock = 0;
    let written: KafkaLogLine[] = [];
    const sink = () => summarizeRepeats((l) => written.push(l), 30_000, () => clock);
    beforeEach(() => {
      clock = 0;
      written = [];
    });

    it('writes the first at once and counts the repeats within the interval, numbers aside', () => {
      const log = sink();
      log(line('Connection error: connect ECONNREFUSED 127.0.0.1:19092'));
      for (let i = 1; i <= 50; i++) {
        clock = i * 500;
        log(line(`Connection error: connect ECONNREFUSED 127.0.0.1:19092`));
        log({ ...line(`Restarting the consumer in ${300 + i}ms`, 'warn'), component: 'Consumer' });
      }
      expect(written.map((l) => l.message)).toEqual(['Connection error: connect ECONNREFUSED 127.0.0.1:19092', 'Restarting the consumer in 301ms']);
    });

    it('after the interval, writes one line saying how many it held back and over how long', () => {
      const log = sink();
      log(line('Connection error'));
      clock = 10_000;
      log(line('Connection error'));
      log(line('Connection error'));
      clock = 31_000;
      log(line('Connection error'));
      expect(written.map((l) => l.fields)).toEqual([
        { broker: '127.0.0.1:19092' },
        { broker: '127.0.0.1:19092', repeated: 2, sinceMs: 31_000 },
      ]);
    });

    it('lets INFO and DEBUG lines through, every one', () => {
      const log = sink();
      for (let i = 0; i < 3; i++) log(line('Request Metadata', 'debug'));
      expect(written).toHaveLength(3);
    });
  });
});
