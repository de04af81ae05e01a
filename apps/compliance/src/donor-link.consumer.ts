import { Payload } from '@nestjs/microservices';
import { TOPICS, type DonorIdentitiesLinkedV1, type RecordedEvent } from '#contracts';
import { BatchEventPattern, BusConsumer, consumerGroup } from '#platform';
import { DonorLinksService } from './donor-links.service.js';

/**
 * Holds the excess a donor link creates once more from the bus, should the officer's request
 * have stopped between the link and the hold (DonorLinksService.holdAfterLink: applying it
 * again holds nothing twice).
 */
@BusConsumer()
export class DonorLinkConsumer {
  constructor(private readonly links: DonorLinksService) {}

  @BatchEventPattern(TOPICS.compliance, consumerGroup('compliance'))
  async onComplianceEvents(@Payload() events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'DonorIdentitiesLinked') await this.links.holdAfterLink(event as RecordedEvent<'DonorIdentitiesLinked', DonorIdentitiesLinkedV1>);
    }
  }
}
