import { describeBusContract } from '#testing';
import { KafkaEventBus } from './kafka-event-bus.js';

// The int project's global setup starts a single-node broker on loopback (deploy/kafka.sh)
// and sets KAFKA_BROKERS; a run pointed at another broker sets it itself.
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describeBusContract(
  'Kafka adapter (kafkajs)',
  brokers.length
    ? async () => {
        const bus = new KafkaEventBus({ brokers, clientId: 'bus-contract', partitionsConsumedConcurrently: 3 });
        return {
          bus,
          createTopics: (topics) => bus.ensureTopics(3, topics),
          dispose: () => bus.close(),
        };
      }
    : null,
  'KAFKA_BROKERS is not set (the int project global setup sets it)',
);
