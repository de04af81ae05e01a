import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaEventBus } from './kafka-event-bus.js';

// The int project's global setup starts the test broker and sets KAFKA_BROKERS.
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describe('Kafka topics declared, not created (KAFKA_CREATE_TOPICS=false)', () => {
  it('given topics the broker does not have, then the bus refuses to start, naming them, and creates none', async () => {
    const missing = [`hustings.ops-missing-${randomUUID().slice(0, 8)}.v1`];
    const bus = new KafkaEventBus({ brokers, clientId: 'topics-declared', createTopics: false, logLevel: 'nothing' });
    try {
      await expect(bus.ensureTopics(1, missing)).rejects.toThrow(`Kafka topics missing: ${missing[0]}; create them from deploy/kafka-topics.yaml`);
    } finally {
      await bus.close();
    }
    const admin = new Kafka({ brokers, clientId: 'topics-declared-check', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).not.toContain(missing[0]);
    } finally {
      await admin.disconnect();
    }
  });
});
