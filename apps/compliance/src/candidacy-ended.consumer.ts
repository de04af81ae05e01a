import { Payload } from '@nestjs/microservices';
import { TOPICS, type CandidacyEndedV1, type RecordedEvent } from '#contracts';
import { BatchEventPattern, BusConsumer, consumerGroup } from '#platform';
import { CandidacyEndedService } from './candidacy-ended.service.js';

/** Holds the gifts already counted toward an election the candidate will not run in (11 CFR 102.9(e)(3)). */
@BusConsumer()
export class CandidacyEndedConsumer {
  constructor(private readonly ended: CandidacyEndedService) {}

  @BatchEventPattern(TOPICS.committees, consumerGroup('compliance'))
  async onCommitteeEvents(@Payload() events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'CandidacyEnded') await this.ended.holdAfterEnd(event as RecordedEvent<'CandidacyEnded', CandidacyEndedV1>);
    }
  }
}
