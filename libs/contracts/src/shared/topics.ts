import type { RecordedEvent } from './envelope.js';

/** Kafka topics carry a version so a breaking change ships as a new topic beside the old. */
export const TOPICS = Object.freeze({
  committees: 'hustings.committees.v1',
  donations: 'hustings.donations.v1',
  compliance: 'hustings.compliance.v1',
  rewards: 'hustings.rewards.v1',
});
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
export const ALL_TOPICS: readonly Topic[] = Object.freeze(Object.values(TOPICS));

/** Dead letters of one consumer group: original bytes, headers and the reason. */
export const deadLetterTopic = (group: string): string => `hustings.dead-letters.${group}.v1`;

const TOPIC_BY_CATEGORY: Readonly<Record<string, Topic>> = {
  committee: TOPICS.committees,
  campaign: TOPICS.committees,
  // A conduit and the recipients it serves change as seldom as committees do.
  conduit: TOPICS.committees,
  // A split checkout and the transfers to its recipients travel beside the donations they make.
  checkout: TOPICS.donations,
  forwarding: TOPICS.donations,
  // A recipient's record of earmarked contributions forwarded to it, with the conduit named.
  earmarks: TOPICS.donations,
  donation: TOPICS.donations,
  donor: TOPICS.compliance,
  reward: TOPICS.rewards,
  // Officers' review of a donation (structuring suspicions, decisions): compliance's own facts.
  review: TOPICS.compliance,
};

export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function topicFor(event: RecordedEvent): Topic | null {
  return TOPIC_BY_CATEGORY[streamCategory(event.streamId)] ?? null;
}

/** One committee+donor pair shares a key, hence a partition, hence an order. */
export function messageKeyFor(event: RecordedEvent): string {
  const { committeeId, donorId } = event.metadata;
  return `${committeeId}:${donorId ?? event.streamId}`;
}

/** Header names of every bus message; values are strings. */
export const HEADERS = Object.freeze({
  eventId: 'x-event-id',
  eventType: 'x-event-type',
  eventVersion: 'x-event-version',
  position: 'x-ledger-position',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  traceId: 'traceparent',
});
