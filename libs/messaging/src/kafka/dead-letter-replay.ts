import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { deadLetterTopic, HEADERS } from '#contracts';
import { REPLAY_FOR_GROUP_HEADER } from '../batch-delivery.js';

/** One message of a group's dead-letter topic, and whether an earlier replay already put it back. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  /** Where it came from (its x-dead-letter-topic header). */
  topic: string;
  replayed: boolean;
}

/**
 * Dead letters a replay has put back are remembered as the committed offsets of a consumer
 * group of their own, which never has members: the replay moves them with the admin API, so
 * `replay` twice puts nothing back twice, and `list` tells what is still pending.
 */
export const replayMarkGroup = (group: string): string => `hustings.dead-letter-replay.${group}`;

const READ_TIMEOUT_MS = 60_000;

export function deadLetterKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 3_000 } });
}

/** Every dead letter of `group`, oldest first per partition, each marked replayed or pending. */
export async function readDeadLetters(kafka: Kafka, group: string): Promise<{ letters: DeadLetter[]; heads: Map<number, string> }> {
  const topic = deadLetterTopic(group);
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return { letters: [], heads: new Map() };
    const offsets = await admin.fetchTopicOffsets(topic);
    const heads = new Map(offsets.map((p) => [p.partition, p.high]));
    const marks = await replayMarks(admin, group);
    const wanted = offsets.filter((p) => BigInt(p.high) > BigInt(p.low));
    const raw = wanted.length === 0 ? [] : await readUntilHeads(kafka, admin, topic, new Map(wanted.map((p) => [p.partition, BigInt(p.high)])));
    const letters = raw.map((letter) => ({ ...letter, replayed: BigInt(letter.offset) < (marks.get(letter.partition) ?? 0n) }));
    return { letters, heads };
  } finally {
    await admin.disconnect();
  }
}

/**
 * Puts the pending dead letters of `group` back on the topics they came from, with their
 * original key, bytes and headers, marked for `group` alone (the topic's other groups had
 * handled the original), then records them as replayed. Answers what it put back.
 */
export async function replayDeadLetters(kafka: Kafka, group: string, options: { dryRun?: boolean } = {}): Promise<DeadLetter[]> {
  const { letters, heads } = await readDeadLetters(kafka, group);
  // One without its x-dead-letter-topic header says not where it came from: it is listed, never guessed at.
  const pending = letters.filter((letter) => !letter.replayed && letter.topic !== '');
  if (options.dryRun || pending.length === 0) return pending;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.sendBatch({
      acks: -1,
      topicMessages: pending.map((letter) => ({ topic: letter.topic, messages: [{ key: letter.key, value: letter.value, headers: replayHeaders(letter, group) }] })),
    });
  } finally {
    await producer.disconnect();
  }
  // Marked only after the broker holds the copies: a replay that dies in between puts them back again, never loses one.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId: replayMarkGroup(group), topic: deadLetterTopic(group), partitions: [...heads].map(([partition, offset]) => ({ partition, offset })) });
  } finally {
    await admin.disconnect();
  }
  return pending;
}

/** The original headers, without the dead-letter ones, saying where the copy came from and whom it is for. */
function replayHeaders(letter: DeadLetter, group: string): Record<string, string> {
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith('x-dead-letter-')));
  return { ...headers, [REPLAY_FOR_GROUP_HEADER]: group, 'x-replayed-from': `${deadLetterTopic(group)}/${letter.partition}/${letter.offset}` };
}

async function replayMarks(admin: Admin, group: string): Promise<Map<number, bigint>> {
  const [committed] = await admin.fetchOffsets({ groupId: replayMarkGroup(group), topics: [deadLetterTopic(group)] });
  return new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset) < 0n ? 0n : BigInt(p.offset)]));
}

/** Reads each partition from its start up to `heads` with a throwaway group, deleted afterwards. */
async function readUntilHeads(kafka: Kafka, admin: Admin, topic: string, heads: Map<number, bigint>): Promise<Omit<DeadLetter, 'replayed'>[]> {
  const groupId = `hustings.dead-letter-reader.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  const letters: Omit<DeadLetter, 'replayed'>[] = [];
  const reached = new Set<number>();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const head = heads.get(partition) ?? 0n;
        if (BigInt(message.offset) < head) letters.push(letterOf(partition, message));
        if (BigInt(message.offset) + 1n >= head) reached.add(partition);
        if (reached.size === heads.size) done();
      },
    });
    const timedOut = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`could not read ${topic} to its end within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS).unref());
    await Promise.race([finished, timedOut]);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

function letterOf(partition: number, message: { offset: string; key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> }): Omit<DeadLetter, 'replayed'> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return { partition, offset: message.offset, key: message.key?.toString('utf8') ?? '', value: message.value ?? Buffer.alloc(0), headers, topic: headers['x-dead-letter-topic'] ?? '' };
}

/** One line per dead letter, for an operator: where, whether replayed, what event, why. */
export function describeDeadLetter(letter: DeadLetter): string {
  const h = letter.headers;
  const from = `${letter.topic}/${h['x-dead-letter-partition'] ?? '?'}/${h['x-dead-letter-offset'] ?? '?'}`;
  const state = letter.replayed ? 'replayed' : 'pending';
  return `${letter.partition}/${letter.offset} ${state} from ${from} ${h[HEADERS.eventType] ?? '?'} ${h[HEADERS.eventId] ?? '?'} attempts=${h['x-dead-letter-attempts'] ?? '?'} reason=${JSON.stringify(h['x-dead-letter-reason'] ?? '')}`;
}
