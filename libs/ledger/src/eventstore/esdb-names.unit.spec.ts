import type { NewEvent } from '#contracts';
import { assertAppendable } from './esdb-append.js';
import { assertLedgerStreamId, CLAIM_STREAM_PREFIX, claimStreamOf, isClaimData, isLedgerRecord } from './esdb-names.js';

const ID = '0b0c2b1e-0000-4000-8000-000000000001';

function event(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: ID,
    type: 'DonationReceived',
    version: 1,
    payload: {},
    metadata: { occurredAt: '2026-03-01T12:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'c-1' },
    ...overrides,
  };
}

describe('reserved names', () => {
  it('gives every event id a claim stream of its own', () => {
    expect(claimStreamOf(ID)).toBe(`${CLAIM_STREAM_PREFIX}${ID}`);
    expect(isClaimData({ streamId: 'donation-1' })).toBe(true);
    expect(isClaimData({ stream: 'donation-1' })).toBe(false);
  });

  it('tells ledger events from system events and claims', () => {
    expect(isLedgerRecord('donation-1', 'DonationReceived')).toBe(true);
    expect(isLedgerRecord('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(false);
    expect(isLedgerRecord('$projections-x-result', 'Result')).toBe(false);
    expect(isLedgerRecord('donation-1', '$>')).toBe(false);
    expect(isLedgerRecord(claimStreamOf(ID), 'anything')).toBe(false);
  });

  it('refuses ledger stream ids EventStoreDB or the claims would misread', () => {
    expect(() => assertLedgerStreamId('$donation-1')).toThrow(/system stream/);
    expect(() => assertLedgerStreamId(claimStreamOf(ID))).toThrow(/reserved/);
    expect(() => assertLedgerStreamId('')).toThrow(/1 to 200/);
    expect(() => assertLedgerStreamId('x'.repeat(201))).toThrow(/1 to 200/);
    expect(() => assertLedgerStreamId('donation-1')).not.toThrow();
  });
});

describe('what an append accepts', () => {
  it('accepts a well-formed batch', () => {
    expect(() => assertAppendable('donation-1', [event()], 'no_stream')).not.toThrow();
  });

  it('refuses empty batches, repeated ids and ids EventStoreDB cannot store as given', () => {
    expect(() => assertAppendable('donation-1', [], 'any')).toThrow(/no events/);
    expect(() => assertAppendable('donation-1', [event(), event()], 'any')).toThrow(/twice/);
    expect(() => assertAppendable('donation-1', [event({ eventId: 'not-a-uuid' })], 'any')).toThrow(/UUID/);
    expect(() => assertAppendable('donation-1', [event({ eventId: ID.toUpperCase() })], 'any')).toThrow(/lowercase/);
  });

  it('refuses event types that would read as system events', () => {
    expect(() => assertAppendable('donation-1', [event({ type: '$Donation' })], 'any')).toThrow(/not allowed/);
    expect(() => assertAppendable('donation-1', [event({ type: '' })], 'any')).toThrow(/not allowed/);
  });

  it('refuses impossible expected revisions', () => {
    expect(() => assertAppendable('donation-1', [event()], -1)).toThrow(/non-negative/);
  });
});
