import { jest } from '@jest/globals';
import type { NewEvent } from '#contracts';
import { InMemoryLedger } from '#testing';
import { WrongExpectedRevisionError } from '../errors.js';
import { BoundedAggregateCache } from './aggregate-cache.js';
import { handleCommand, type Decide, type StreamFold } from './handle-command.js';
import { retryPolicy } from './retry-policy.js';

/** A tally: each Added event adds its amount. Small enough that the specs speak of command handling only. */
type Added = NewEvent<'Added', { amount: number }>;
const tally: StreamFold<number, Added> = { evolve: (total, event) => total + event.payload.amount, initialState: () => 0 };
const STREAM = 'tally-1';
const added = (eventId: string, amount: number): Added => ({
  eventId,
  type: 'Added',
  version: 1,
  payload: { amount },
  metadata: { occurredAt: '2026-06-01T12:00:00.000Z', correlationId: eventId, causationId: eventId, committeeId: 'c-1' },
});
/** Never waits between tries, so the specs run at once. */
const noWait = retryPolicy({ random: () => 0 });

async function given(...events: Added[]): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger();
  for (const event of events) await ledger.append(STREAM, [event], 'any');
  return ledger;
}

const followUp = (id: string) => ({ streamId: 'other-1', events: [added(id, 0)] });

describe('handleCommand', () => {
  describe('given a stream that does not exist', () => {
    it('then the decision is appended expecting no stream', async () => {
      const ledger = await given();
      const append = jest.spyOn(ledger, 'append');
      const result = await handleCommand(ledger, STREAM, tally, () => [added('e-1', 5)]);
      expect(append).toHaveBeenCalledWith(STREAM, [added('e-1', 5)], 'no_stream');
      expect(result).toMatchObject({ before: 0, after: 5, nextExpectedRevision: 0, position: 0, duplicate: false, attempts: 1 });
    });
  });

  describe('given a stream of two events', () => {
    it('then the decision sees their state and is appended with the revision read', async () => {
      const ledger = await given(added('e-1', 1), added('e-2', 2));
      const append = jest.spyOn(ledger, 'append');
      const seen: number[] = [];
      const result = await handleCommand(ledger, STREAM, tally, (state) => (seen.push(state), [added('e-3', 3)]));
      expect(seen).toEqual([3]);
      expect(append).toHaveBeenCalledWith(STREAM, [added('e-3', 3)], 1);
      expect(result).toMatchObject({ before: 3, after: 6, events: [added('e-3', 3)], nextExpectedRevision: 2, position: 2 });
      expect(result.loaded.events.map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
    });

    it('when the decision is nothing, then nothing is appended and the revision read is reported', async () => {
      const ledger = await given(added('e-1', 1), added('e-2', 2));
      const append = jest.spyOn(ledger, 'append');
      const result = await handleCommand(ledger, STREAM, tally, () => []);
      expect(append).not.toHaveBeenCalled();
      expect(result).toMatchObject({ before: 3, after: 3, events: [], nextExpectedRevision: 1, position: null, duplicate: false });
    });

    it('when the decided events are already there (same ids), then it reports a duplicate and writes nothing', async () => {
      const ledger = await given(added('e-1', 1), added('e-2', 2));
      const result = await handleCommand(ledger, STREAM, tally, () => [added('e-2', 2)], { alreadyRead: { state: 1, revision: 0, events: [] } });
      expect(result).toMatchObject({ duplicate: true, nextExpectedRevision: 1, position: 1 });
      expect(await ledger.readStream(STREAM)).toHaveLength(2);
    });
  });

  describe('given a rival writer that appends while the command decides', () => {
    it('then the loser reads again and decides again on the fresh state', async () => {
      const ledger = await given(added('e-1', 1));
      const seen: number[] = [];
      const decide: Decide<number, Added> = async (state) => {
        seen.push(state);
        if (seen.length === 1) await ledger.append(STREAM, [added('rival', 10)], 'any');
        return [added(`mine-after-${state}`, 1)];
      };
      const result = await handleCommand(ledger, STREAM, tally, decide, { retry: noWait });
      expect(seen).toEqual([1, 11]);
      expect(result).toMatchObject({ before: 11, after: 12, nextExpectedRevision: 2, attempts: 2 });
    });

    it('then after the policy\'s last try the conflict is thrown', async () => {
      const ledger = await given();
      let tries = 0;
      const decide: Decide<number, Added> = async () => {
        await ledger.append(STREAM, [added(`rival-${++tries}`, 1)], 'any');
        return [added(`mine-${tries}`, 1)];
      };
      await expect(handleCommand(ledger, STREAM, tally, decide, { retry: retryPolicy({ maxAttempts: 3, random: () => 0 }) })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(tries).toBe(3);
    });
  });

  describe('given a decision that fails for another reason', () => {
    it('then it is thrown at once, never retried', async () => {
      const ledger = await given();
      const decide = jest.fn(() => {
        throw new Error('refused');
      });
      await expect(handleCommand(ledger, STREAM, tally, decide, { retry: noWait })).rejects.toThrow('refused');
      expect(decide).toHaveBeenCalledTimes(1);
    });
  });

  describe('given a decision with a follow-up append', () => {

    it('then the follow-up is appended after the command\'s own events, with no revision check', async () => {
      const ledger = await given();
      await ledger.append('other-1', [added('o-0', 0)], 'any');
      const append = jest.spyOn(ledger, 'append');
      await handleCommand(ledger, STREAM, tally, () => ({ events: [added('e-1', 1)], followUps: [followUp('o-1')] }));
      expect(append.mock.calls.map(([stream, , expected]) => [stream, expected])).toEqual([[STREAM, 'no_stream'], ['other-1', 'any']]);
    });

    it('when its own events are already there, then it decides again from what is stored before the follow-up', async () => {
      const ledger = await given(added('e-1', 7));
      const decide: Decide<number, Added> = (state) => (state === 7 ? { events: [], followUps: [followUp('o-7')] } : { events: [added('e-1', 7)], followUps: [followUp('o-stale')] });
      const result = await handleCommand(ledger, STREAM, tally, decide, { alreadyRead: { state: 0, revision: null, events: [] } });
      expect(result).toMatchObject({ before: 7, duplicate: false, attempts: 2 });
      expect((await ledger.readStream('other-1')).map((e) => e.eventId)).toEqual(['o-7']);
    });

    it('when it decides nothing for its own stream, then the follow-up is still appended', async () => {
      const ledger = await given();
      await handleCommand(ledger, STREAM, tally, () => ({ events: [], followUps: [followUp('o-1')] }));
      expect(await ledger.readStream('other-1')).toHaveLength(1);
      expect(await ledger.readStream(STREAM)).toHaveLength(0);
    });
  });

  describe('given a ledger that appends to several streams atomically', () => {
    it('then the decision and its follow-ups are written in one append', async () => {
      const ledger = new InMemoryLedger({ atomic: true });
      const result = await handleCommand(ledger, STREAM, tally, () => ({ events: [added('e-1', 1)], followUps: [followUp('o-1')] }));
      expect(ledger.appendManyCalls).toBe(1);
      expect((await ledger.readStream('other-1')).map((e) => e.eventId)).toEqual(['o-1']);
      expect(result).toMatchObject({ after: 1, duplicate: false, attempts: 1 });
    });

    it('when the stream moved under the decision, then nothing of it is written and it is decided again', async () => {
      const ledger = new InMemoryLedger({ atomic: true });
      let rivalWrote = false;
      const decide: Decide<number, Added> = async (state) => {
        if (!rivalWrote) {
          rivalWrote = true;
          await ledger.append(STREAM, [added('rival', 4)], 'any');
        }
        return { events: [added(`e-${state}`, 1)], followUps: [followUp(`o-${state}`)] };
      };
      await handleCommand(ledger, STREAM, tally, decide, { retry: noWait });
      expect((await ledger.readStream('other-1')).map((e) => e.eventId)).toEqual(['o-4']);
      expect((await ledger.readStream(STREAM)).map((e) => e.eventId)).toEqual(['rival', 'e-4']);
    });
  });

  describe('given follow-ups decided on the state of their own streams (a revision expected)', () => {
    const guarded = (streamId: string, id: string, expected: number | 'no_stream') => ({ streamId, events: [added(id, 0)], expected });

    it('when a follow-up stream moved under the decision, then nothing is written and it is decided again on the fresh state', async () => {
      const ledger = new InMemoryLedger({ atomic: true });
      await ledger.append('share-1', [added('s-0', 0)], 'any');
      let rivalWrote = false;
      const decide: Decide<number, Added> = async () => {
        const revision = (await ledger.readStream('share-1')).length - 1;
        if (!rivalWrote) {
          rivalWrote = true;
          await ledger.append('share-1', [added('rival', 0)], 'any');
        }
        return { events: [added('e-1', 1)], followUps: [guarded('share-1', `part-after-${revision}`, revision)] };
      };
      const result = await handleCommand(ledger, STREAM, tally, decide, { retry: noWait });
      expect((await ledger.readStream('share-1')).map((e) => e.eventId)).toEqual(['s-0', 'rival', 'part-after-1']);
      expect(result.attempts).toBe(2);
    });

    it('when the decision writes nothing to its own stream, then its follow-ups are still one atomic append', async () => {
      const ledger = new InMemoryLedger({ atomic: true });
      await handleCommand(ledger, STREAM, tally, () => ({ events: [], followUps: [guarded('share-1', 'p-1', 'no_stream'), guarded('share-2', 'p-2', 'no_stream')] }));
      expect(ledger.appendManyCalls).toBe(1);
      expect([(await ledger.readStream('share-1')).length, (await ledger.readStream('share-2')).length]).toEqual([1, 1]);
    });
  });

  describe('given an aggregate cache', () => {
    it('then the state of the last command is decided on without reading the stream', async () => {
      const ledger = await given(added('e-1', 1));
      const cache = new BoundedAggregateCache<number>(10);
      await handleCommand(ledger, STREAM, tally, () => [added('e-2', 2)], { cache });
      const reads = ledger.reads;
      const result = await handleCommand(ledger, STREAM, tally, () => [added('e-3', 3)], { cache });
      expect(ledger.reads).toBe(reads);
      expect(result).toMatchObject({ before: 3, after: 6, nextExpectedRevision: 2 });
      expect(cache.get(STREAM)).toEqual({ state: 6, revision: 2 });
    });

    it('when another process appended since, then the conflict drops the entry and the stream is read again', async () => {
      const ledger = await given(added('e-1', 1));
      const cache = new BoundedAggregateCache<number>(10);
      cache.set(STREAM, { state: 1, revision: 0 });
      await ledger.append(STREAM, [added('elsewhere', 5)], 'any');
      const seen: number[] = [];
      const result = await handleCommand(ledger, STREAM, tally, (state) => (seen.push(state), [added(`mine-${state}`, 1)]), { cache });
      expect(seen).toEqual([1, 6]);
      expect(result).toMatchObject({ after: 7, attempts: 2 });
      expect(cache.get(STREAM)).toEqual({ state: 7, revision: 2 });
    });
  });
});
