import {
  CURRENT_VERSIONS,
  committeeStreamId,
  deterministicId,
  donorAggregateStreamId,
  reviewStreamId,
  type DonationReceivedV4,
  type NewEvent,
  type RecordedEvent,
  type StructuringSuspectedV1,
} from '#contracts';
import type { StreamTailRequest } from '#ledger';
import { InMemoryLedger } from '#testing';
import { StructuringHandler } from './structuring.handler.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

/** Counts what the handler reads: calls (round trips) and events. */
class CountingLedger extends InMemoryLedger {
  eventsRead = 0;
  override async readStreams(requests: StreamTailRequest[]): Promise<RecordedEvent[][]> {
    const tails = await super.readStreams(requests);
    this.eventsRead += tails.reduce((sum, tail) => sum + tail.length, 0);
    return tails;
  }
  override async readStream(...args: Parameters<InMemoryLedger['readStream']>): Promise<RecordedEvent[]> {
    const events = await super.readStream(...args);
    this.eventsRead += events.length;
    return events;
  }
  counters() {
    return { reads: this.reads, eventsRead: this.eventsRead, appendManyCalls: this.appendManyCalls };
  }
  suspicions(donationId: string): Promise<RecordedEvent[]> {
    return super.readStream(reviewStreamId(donationId));
  }
}

async function ledgerWithCommittee(atomic = true): Promise<CountingLedger> {
  const ledger = new CountingLedger({ atomic });
  const payload = {
    committeeId: 'c-smith',
    name: 'Smith for Congress',
    jurisdiction: 'US-FEC-CANDIDATE',
    currency: 'USD',
    elections: [{ electionId: 'p-2026', kind: 'primary', date: '2026-06-02' }],
    defaultElectionId: 'p-2026',
  };
  const metadata = { occurredAt: iso(T0 - 400 * DAY), correlationId: 'c', causationId: 'c', committeeId: 'c-smith', actor: 'test' };
  await ledger.append(committeeStreamId('c-smith'), [{ eventId: 'committee-registered', type: 'CommitteeRegistered', version: CURRENT_VERSIONS.CommitteeRegistered, payload, metadata } as NewEvent], 'no_stream');
  return ledger;
}

let position = 0;
/** A DonationReceived as the bus delivers it. */
function received(donationId: string, donorId: string, amountMinor: string, atMs: number, matchKeys: Partial<DonationReceivedV4['matchKeys']>): RecordedEvent<'DonationReceived', DonationReceivedV4> {
  const payload = {
    donationId,
    campaignId: 'cmp',
    committeeId: 'c-smith',
    amountMinor,
    currency: 'USD',
    electionId: 'p-2026',
    receivedAt: iso(atMs),
    donor: { donorId, type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null, registrationNumber: null },
    payment: { method: 'card', pspReference: `ch_${donationId}` },
    matchKeys: { paymentInstrument: null, address: null, email: null, device: null, ...matchKeys },
    publicAcknowledgement: null,
  } as unknown as DonationReceivedV4;
  const eventId = deterministicId('donation-received', donationId);
  const metadata = { occurredAt: iso(atMs), correlationId: donationId, causationId: donationId, committeeId: 'c-smith', donorId };
  return { eventId, type: 'DonationReceived', version: CURRENT_VERSIONS.DonationReceived, payload, metadata, streamId: `donation-${donationId}`, revision: 0, position: ++position, recordedAt: iso(atMs), prevHash: '', hash: '' };
}

const related = async (ledger: CountingLedger, donationId: string) =>
  (await ledger.suspicions(donationId)).map((e) => (e.payload as StructuringSuspectedV1).findings.map((f) => `${f.detector}:${f.keyKind}:${f.relatedDonationIds.join(',')}`));

describe('structuring handler: evidence per key kept as a window', () => {
  for (const atomic of [true, false]) {
    describe(`given an address shared by 1,000 donors (ledger ${atomic ? 'with' : 'without'} atomic appendMany)`, () => {
      it('when one more donor gives with four keys, then it costs one read of the new sightings and one appendMany', async () => {
        const ledger = await ledgerWithCommittee(atomic);
        const handler = new StructuringHandler(ledger);
        for (let i = 0; i < 1_000; i++) await handler.detect(received(`d${i}`, `dn_${i}`, '5000', T0 + i * 60_000, { address: 'addr-shared' }));
        const before = ledger.counters();
        await handler.detect(received('d-next', 'dn_next', '5000', T0 + DAY, { address: 'addr-shared', paymentInstrument: 'card-n', email: 'mail-n', device: 'dev-n' }));
        const after = ledger.counters();
        // Committee, address, card, email, device and donor keys in one read; 5 sightings in one append.
        expect({ reads: after.reads - before.reads, appendManyCalls: after.appendManyCalls - before.appendManyCalls }).toEqual({ reads: 1, appendManyCalls: 1 });
        expect(after.eventsRead - before.eventsRead).toBe(0);

        // A second process (a rebalance) reads the shared key whole once, then only what is new.
        const replica = new StructuringHandler(ledger);
        const first = ledger.counters();
        await replica.detect(received('d-r1', 'dn_r1', '5000', T0 + DAY, { address: 'addr-shared' }));
        const second = ledger.counters();
        await replica.detect(received('d-r2', 'dn_r2', '5000', T0 + DAY, { address: 'addr-shared' }));
        expect(second.eventsRead - first.eventsRead).toBeGreaterThanOrEqual(1_001);
        expect(ledger.counters().eventsRead - second.eventsRead).toBeLessThanOrEqual(2);
      });
    });
  }

  describe('given $190.00 given three times on one card under three names', () => {
    it('when the third is redelivered after more donations on the card, here and on a fresh replica, then it finds the same evidence', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      const third = received('d3', 'dn_c', '19000', T0 + 2 * 60_000, { paymentInstrument: 'card-x' });
      await handler.detect(received('d1', 'dn_a', '19000', T0, { paymentInstrument: 'card-x' }));
      await handler.detect(received('d2', 'dn_b', '19000', T0 + 60_000, { paymentInstrument: 'card-x' }));
      await handler.detect(third);
      expect(await related(ledger, 'd3')).toEqual([['just-under-threshold:paymentInstrument:d1,d2']]);
      await handler.detect(received('d4', 'dn_d', '19000', T0 + 3 * 60_000, { paymentInstrument: 'card-x' }));
      await handler.detect(received('d5', 'dn_e', '19000', T0 + 75 * DAY, { paymentInstrument: 'card-x' }));

      const appends = ledger.appends;
      await handler.detect(third);
      await new StructuringHandler(ledger).detect(third);
      // Nothing new is written: the sighting is found where it was, and the suspicion is the same fact.
      expect(ledger.appends - appends).toBe(2);
      expect(await related(ledger, 'd3')).toEqual([['just-under-threshold:paymentInstrument:d1,d2']]);
      expect(await related(ledger, 'd4')).toEqual([['just-under-threshold:paymentInstrument:d1,d2,d3']]);
    });
  });

  describe('given two $190.00 gifts on one card 45 days ago, one 100 days ago, and many newer ones since', () => {
    it('when a third is posted late, received 45 days ago, then it reads the card whole and finds the two', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      await handler.detect(received('ancient', 'dn_q', '5000', T0 - 100 * DAY, { paymentInstrument: 'card-y' }));
      await handler.detect(received('old-1', 'dn_a', '19000', T0 - 45 * DAY, { paymentInstrument: 'card-y' }));
      await handler.detect(received('old-2', 'dn_b', '19000', T0 - 45 * DAY + 60_000, { paymentInstrument: 'card-y' }));
      for (let i = 0; i < 20; i++) await handler.detect(received(`new-${i}`, `dn_n${i}`, '5000', T0 + i * 60_000, { paymentInstrument: 'card-y' }));

      const before = ledger.counters();
      await handler.detect(received('late', 'dn_z', '19000', T0 - 45 * DAY + 2 * 60_000, { paymentInstrument: 'card-y' }));
      const after = ledger.counters();
      expect(await related(ledger, 'late')).toEqual([['just-under-threshold:paymentInstrument:old-1,old-2']]);
      // The window did not cover it: the card's stream was read whole, beside the tails.
      expect(after.reads - before.reads).toBe(2);
      expect(after.eventsRead - before.eventsRead).toBeGreaterThanOrEqual(23);

      // One received 20 days before the newest is still judged from the window.
      const windowed = ledger.counters();
      await handler.detect(received('late-20', 'dn_y', '5000', T0 - 20 * DAY, { paymentInstrument: 'card-y' }));
      expect(ledger.counters().reads - windowed.reads).toBe(1);
    });
  });

  describe('given a batch of the partition', () => {
    const onCard = (id: string, donor: string, atMs: number) => received(id, donor, '19000', atMs, { paymentInstrument: 'card-b' });
    /** Another replica records a sighting on the card between the next batch's read and its append. */
    const rivalBeforeNextAppend = (ledger: CountingLedger): void => {
      const appendMany = ledger.appendMany.bind(ledger);
      let raced = false;
      ledger.appendMany = async (requests) => {
        if (!raced) {
          raced = true;
          await new StructuringHandler(ledger).detect(onCard('rival', 'dn_r', T0 + 30_000));
        }
        return appendMany(requests);
      };
    };

    it('when three $190.00 gifts on one card under three names arrive in one batch, then the third finds the two, for one read and one appendMany of sightings', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      const before = ledger.counters();
      await handler.onDonationEvents([onCard('b1', 'dn_a', T0), onCard('b2', 'dn_b', T0 + 60_000), onCard('b3', 'dn_c', T0 + 120_000)]);
      const after = ledger.counters();
      expect(await related(ledger, 'b3')).toEqual([['just-under-threshold:paymentInstrument:b1,b2']]);
      expect(await related(ledger, 'b2')).toEqual([]);
      expect({ reads: after.reads - before.reads, appendManyCalls: after.appendManyCalls - before.appendManyCalls }).toEqual({ reads: 1, appendManyCalls: 1 });
    });

    it('when a batch holds a redelivered donation beside new ones, then the redelivered one finds the evidence it found before and nothing is recorded twice', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      const third = onCard('b3', 'dn_c', T0 + 120_000);
      await handler.onDonationEvents([onCard('b1', 'dn_a', T0), onCard('b2', 'dn_b', T0 + 60_000), third]);
      const cardStream = (await ledger.readAll()).find((e) => e.type === 'StructuringSightingRecorded' && e.streamId.includes('card-b'))!.streamId;
      const cardBefore = await ledger.readStream(cardStream);
      await new StructuringHandler(ledger).onDonationEvents([third, onCard('b4', 'dn_d', T0 + 180_000), third]);
      const cardAfter = await ledger.readStream(cardStream);
      // One new sighting on the card (b4's), after the three kept as they were.
      expect(cardAfter.slice(0, 3)).toEqual(cardBefore);
      expect(cardAfter.map((e) => (e.payload as { donationId: string }).donationId)).toEqual(['b1', 'b2', 'b3', 'b4']);
      expect(await related(ledger, 'b3')).toEqual([['just-under-threshold:paymentInstrument:b1,b2']]);
      expect(await related(ledger, 'b4')).toEqual([['just-under-threshold:paymentInstrument:b1,b2,b3']]);
    });

    it('when another replica records a sighting on the card between the batch read and its append, then nothing of the batch is written and it is judged again with that sighting', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      await handler.onDonationEvents([onCard('b1', 'dn_a', T0)]);
      rivalBeforeNextAppend(ledger);
      await handler.onDonationEvents([onCard('b2', 'dn_b', T0 + 60_000), onCard('b3', 'dn_c', T0 + 120_000)]);
      expect(await related(ledger, 'b2')).toEqual([['just-under-threshold:paymentInstrument:b1,rival']]);
      expect(await related(ledger, 'b3')).toEqual([['just-under-threshold:paymentInstrument:b1,rival,b2']]);
    });

    it('when the race is lost on a card with a long history, then the card is caught up with the rival\'s sighting, not read whole again', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      await handler.onDonationEvents(Array.from({ length: 50 }, (_, i) => onCard(`h${i}`, `dn_h${i}`, T0 - DAY + i * 60_000)));
      rivalBeforeNextAppend(ledger);
      const rivalRead = 51; // the rival replica reads the card whole once
      const before = ledger.counters();
      await handler.onDonationEvents([onCard('b2', 'dn_b', T0 + 60_000)]);
      expect(ledger.counters().eventsRead - before.eventsRead - rivalRead).toBeLessThanOrEqual(2);
      // b2 was judged again after the race, with the rival's sighting last before its own.
      expect((await related(ledger, 'b2'))[0]).toEqual([expect.stringMatching(/^just-under-threshold:paymentInstrument:h0,.*,h49,rival$/)]);
    });
  });

  describe('given batches of several partitions at once (one process consumes them concurrently)', () => {
    const atHome = (id: string, donor: string, atMs: number, committeeId = 'c-smith') => {
      const event = received(id, donor, '5000', atMs, { address: 'addr-home' });
      return { ...event, payload: { ...event.payload, committeeId } };
    };

    it('when three batches on one shared address arrive while none is recorded yet, then the two that wait go together and none loses a race to another', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      await handler.onDonationEvents([atHome('p0', 'dn_0', T0)]);
      const before = ledger.counters();
      await Promise.all([
        handler.onDonationEvents([atHome('p1', 'dn_1', T0 + 60_000)]),
        handler.onDonationEvents([atHome('p2', 'dn_2', T0 + 120_000), atHome('p3', 'dn_3', T0 + 180_000)]),
        handler.onDonationEvents([atHome('p4', 'dn_4', T0 + 240_000)]),
      ]);
      const after = ledger.counters();
      expect({ reads: after.reads - before.reads, appendManyCalls: after.appendManyCalls - before.appendManyCalls }).toEqual({ reads: 2, appendManyCalls: 2 });
      const home = (await ledger.readAll()).filter((e) => e.type === 'StructuringSightingRecorded' && e.streamId.includes('addr-home'));
      expect(home.map((e) => (e.payload as { donationId: string }).donationId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    });

    it('when one batch names a committee that is not registered, then it fails alone and the batch that went with it is recorded', async () => {
      const ledger = await ledgerWithCommittee();
      const handler = new StructuringHandler(ledger);
      const first = handler.onDonationEvents([atHome('q0', 'dn_0', T0)]);
      const outcomes = await Promise.allSettled([
        handler.onDonationEvents([atHome('q1', 'dn_1', T0 + 60_000, 'c-nobody')]),
        handler.onDonationEvents([atHome('q2', 'dn_2', T0 + 120_000)]),
      ]);
      await first;
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/c-nobody .*not registered/);
      const home = (await ledger.readAll()).filter((e) => e.type === 'StructuringSightingRecorded' && e.streamId.includes('addr-home'));
      expect(home.map((e) => (e.payload as { donationId: string }).donationId)).toEqual(['q0', 'q2']);
    });
  });
});

describe('structuring handler: near matches of donors an officer linked (issue 14, item 12)', () => {
  const linkEvent = (donorId: string, linkedDonorId: string): NewEvent => ({
    eventId: deterministicId('link', donorId, linkedDonorId),
    type: 'DonorIdentitiesLinked',
    version: CURRENT_VERSIONS.DonorIdentitiesLinked,
    payload: { committeeId: 'c-smith', donorId, linkedDonorId, officer: 'api-key:o', reason: 'one person' },
    metadata: { occurredAt: iso(T0), correlationId: 'l', causationId: 'l', committeeId: 'c-smith', donorId },
  });

  it('given "Ada" and "A." on one near name, when "A." gives, then the officer is shown Ada\'s gift; once linked, her next gift is no near match', async () => {
    const ledger = await ledgerWithCommittee();
    const handler = new StructuringHandler(ledger);
    await handler.detect(received('d-ada', 'dn_ada', '200000', T0, { nearName: 'near-lovelace' }));
    await handler.detect(received('d-a1', 'dn_a', '5000', T0 + DAY, { nearName: 'near-lovelace' }));
    expect(await related(ledger, 'd-a1')).toEqual([['donor-near-match:nearName:d-ada']]);

    await ledger.append(donorAggregateStreamId('c-smith', 'dn_a'), [linkEvent('dn_a', 'dn_ada')], 'any');
    await ledger.append(donorAggregateStreamId('c-smith', 'dn_ada'), [linkEvent('dn_ada', 'dn_a')], 'any');
    await handler.detect(received('d-a2', 'dn_a', '5000', T0 + 2 * DAY, { nearName: 'near-lovelace' }));
    expect(await related(ledger, 'd-a2')).toEqual([]);
    // Another near match of the same name is still shown.
    await handler.detect(received('d-jr', 'dn_jr', '5000', T0 + 3 * DAY, { nearName: 'near-lovelace' }));
    expect(await related(ledger, 'd-jr')).toEqual([['donor-near-match:nearName:d-ada,d-a1,d-a2']]);
  });
});
