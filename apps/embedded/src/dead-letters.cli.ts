import 'reflect-metadata';
import { cliMain, runDeadLettersCli } from '#platform';

// Exit at once: a Kafka client left open by a failed run must not keep the process alive.
process.exit(await cliMain('dead-letters', runDeadLettersCli));
