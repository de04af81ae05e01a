import { CONSUMER_GROUPS } from '../config.js';
import { parseCli, UsageError, type CliIo } from './cli-args.js';
import { LOG_FORMAT_HELP } from './cli-main.js';

/**
 * dead-letters list|replay --group GROUP [--dry-run]
 *
 * A message a consumer group could not handle (a permanent failure, or one that outlived its
 * attempts) waits on the group's dead-letter topic with its original bytes and the reason.
 * Once the cause is mended, `replay` puts the pending ones back on the topics they came from,
 * for that group alone, and remembers them as replayed; `list` shows them all.
 */
const USAGE = `usage: dead-letters list|replay --group ${CONSUMER_GROUPS.join('|')} [--dry-run]`;
const HELP = `${USAGE}

Lists a consumer group's dead letters, or replays the pending ones: each is published again
to the topic it came from, with its key, bytes and headers, marked for that group only (the
topic's other groups had handled it), and recorded as replayed so a second replay puts back
nothing twice. Replay once the cause of the failure is mended.

  list                 one line per dead letter: where, pending or replayed, event, reason
  replay               put the pending dead letters back, one line per message
  --group GROUP        the consumer group (${CONSUMER_GROUPS.join(', ')})
  --dry-run            with replay: say what would be put back, put back nothing
  ${LOG_FORMAT_HELP}
  -h, --help           this text

Reads KAFKA_BROKERS (host:port,...). Exit codes: 0 done, 2 usage error, 3 could not run
(KAFKA_BROKERS not set, the broker unreachable).`;

const KAFKA_ADAPTER = '#messaging/kafka';
type KafkaAdapter = typeof import('#messaging/kafka');

class CannotRun extends Error {}

export async function runDeadLettersCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  try {
    const { flags, positionals, help } = parseCli(args, { options: ['group'], switches: ['dry-run'], positionals: true });
    if (help) {
      io.out(HELP);
      return 0;
    }
    const { command, group } = commandOf(positionals, flags);
    if (flags.has('dry-run') && command !== 'replay') throw new UsageError(`--dry-run goes with replay; ${USAGE}`);
    const brokers = brokersOf(env);
    const adapter = (await import(KAFKA_ADAPTER)) as KafkaAdapter;
    const kafka = adapter.deadLetterKafka(brokers, env.KAFKA_CLIENT_ID || 'hustings-dead-letters');
    if (command === 'list') {
      const { letters } = await adapter.readDeadLetters(kafka, group);
      letters.forEach((letter) => io.out(adapter.describeDeadLetter(letter)));
      io.out(`${letters.length} dead letters of ${group}, ${letters.filter((l) => !l.replayed).length} pending`);
      return 0;
    }
    const dryRun = flags.has('dry-run');
    const replayed = await adapter.replayDeadLetters(kafka, group, { dryRun });
    replayed.forEach((letter) => io.out(adapter.describeDeadLetter(letter)));
    io.out(`${dryRun ? 'would replay' : 'replayed'} ${replayed.length} dead letters of ${group}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof CannotRun ? `dead-letters: ${error.message}` : `dead-letters failed: ${error instanceof Error ? error.message : String(error)}`);
    return 3;
  }
}

function commandOf(positionals: string[], flags: Map<string, string>): { command: 'list' | 'replay'; group: string } {
  const [command, ...rest] = positionals;
  if (command !== 'list' && command !== 'replay') throw new UsageError(command ? `unknown command ${command}; ${USAGE}` : `a command is needed; ${USAGE}`);
  if (rest.length > 0) throw new UsageError(`unknown argument ${rest[0]}; ${USAGE}`);
  const group = flags.get('group');
  if (!group) throw new UsageError(`--group is needed; ${USAGE}`);
  if (!(CONSUMER_GROUPS as readonly string[]).includes(group)) throw new UsageError(`--group must be one of ${CONSUMER_GROUPS.join(', ')}; ${USAGE}`);
  return { command, group };
}

function brokersOf(env: Record<string, string | undefined>): string[] {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (brokers.length === 0) throw new CannotRun('KAFKA_BROKERS is not set (host:port,...): dead letters live on Kafka');
  const bad = brokers.find((b) => !/^[^:\s]+:\d{1,5}$/.test(b));
  if (bad) throw new CannotRun(`KAFKA_BROKERS entry ${bad} is not host:port`);
  return brokers;
}
