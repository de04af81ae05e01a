import type { JSONEventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '#contracts';
import { verifyStreamChain } from '../hash-chain.js';
import { chainEvents, decodeMetadata, ENVELOPE_FORMAT, fromEsdbRecord, normalizeJson, toEventData } from './esdb-codec.js';
import { NO_EVENTS } from './esdb-mapping.js';

const RECORDED_AT = '2026-03-01T12:00:01.000Z';

function newEvent(i: number): NewEvent {
  return {
    eventId: `0b0c2b1e-0000-4000-8000-00000000000${i}`,
    type: 'DonationReceived',
    version: 2,
    payload: { donationId: `don-${i}`, amountMinor: '2500', currency: 'USD', note: undefined },
    metadata: {
      occurredAt: '2026-03-01T12:00:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      committeeId: 'c-1',
      donorId: 'd-1',
    },
  };
}

/**
 * What the client hands back for an event we wrote: the data and metadata we sent, as JSON
 * parsed again, plus what the server assigns (revision, position, created). A fixture of
 * the client's documented shape, not a stand-in for the server's behaviour.
 */
function asReadBack(data: JSONEventData, streamId: string, revision: number, position: bigint): EsdbRecordedEvent {
  return {
    streamId,
    id: data.id,
    isJson: true,
    revision: BigInt(revision),
    type: data.type,
    created: new Date(),
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position: { commit: position, prepare: position },
  } as EsdbRecordedEvent;
}

function positioned(records: RecordedEvent[], firstPosition: number): RecordedEvent[] {
  return records.map((record, i) => ({ ...record, position: firstPosition + 100 * i }));
}

describe('the hash chain', () => {
  it('chains new events onto the stream tail and verifies from genesis', () => {
    const first = chainEvents('donation-1', NO_EVENTS, '', [newEvent(1), newEvent(2)], RECORDED_AT);
    const next = chainEvents('donation-1', 1, first[1].hash, [newEvent(3)], RECORDED_AT);
    const chain = positioned([...first, ...next], 1000);
    expect(chain.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(chain[0].prevHash).toBe('');
    expect(chain[2].prevHash).toBe(chain[1].hash);
    expect(verifyStreamChain(chain)).toEqual({ ok: true, checked: 3 });
  });

  it('hashes exactly what will be stored: undefined members dropped, bigints refused', () => {
    const [record] = chainEvents('donation-1', NO_EVENTS, '', [newEvent(1)], RECORDED_AT);
    expect(record.payload).toEqual({ donationId: 'don-1', amountMinor: '2500', currency: 'USD' });
    expect('note' in (record.payload as object)).toBe(false);
    expect(() => normalizeJson({ amountMinor: 2500n })).toThrow(TypeError);
  });
});

describe('stored layout', () => {
  it('stores the payload as JSON data and the envelope, chain included, in the metadata', () => {
    const [record] = chainEvents('donation-1', NO_EVENTS, '', [newEvent(1)], RECORDED_AT);
    const data = toEventData(record) as JSONEventData;
    expect(data).toMatchObject({ id: record.eventId, type: 'DonationReceived', contentType: 'application/json' });
    expect(data.data).toEqual(record.payload);
    expect(data.metadata).toEqual({
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
      ledger: {
        format: ENVELOPE_FORMAT,
        version: 2,
        metadata: record.metadata,
        recordedAt: RECORDED_AT,
        prevHash: '',
        hash: record.hash,
      },
    });
  });

  it('reads back the very envelope that was written, and the chain still verifies', () => {
    const written = positioned(chainEvents('donation-1', NO_EVENTS, '', [newEvent(1), newEvent(2)], RECORDED_AT), 5000);
    const read = written.map((record) =>
      fromEsdbRecord(asReadBack(toEventData(record) as JSONEventData, record.streamId, record.revision, BigInt(record.position))),
    );
    expect(read).toEqual(written);
    expect(verifyStreamChain(read).ok).toBe(true);
  });

  it('refuses events this adapter did not write, naming them', () => {
    const [record] = chainEvents('donation-1', NO_EVENTS, '', [newEvent(1)], RECORDED_AT);
    const stored = asReadBack(toEventData(record) as JSONEventData, 'donation-1', 0, 10n);
    expect(() => fromEsdbRecord({ ...stored, metadata: { other: true } } as EsdbRecordedEvent)).toThrow(
      /donation-1@0 .* no ledger envelope/,
    );
    expect(() => fromEsdbRecord({ ...stored, isJson: false, data: new Uint8Array() } as EsdbRecordedEvent)).toThrow(
      /not JSON/,
    );
  });

  it('refuses unknown layouts and malformed envelopes field by field', () => {
    expect(() => decodeMetadata({ ledger: { format: 2 } }, 'x@0')).toThrow(/unknown format 2/);
    expect(() =>
      decodeMetadata({ ledger: { format: 1, version: 1, recordedAt: 't', prevHash: '', hash: 'h', metadata: {} } }, 'x@0'),
    ).toThrow(/metadata.occurredAt is not a string/);
  });

  it('asks for a newer server when a stream read comes without positions (before 22.6)', () => {
    const [record] = chainEvents('donation-1', NO_EVENTS, '', [newEvent(1)], RECORDED_AT);
    const stored = asReadBack(toEventData(record) as JSONEventData, 'donation-1', 0, 10n);
    expect(() => fromEsdbRecord({ ...stored, position: undefined } as EsdbRecordedEvent)).toThrow(/22\.10 or newer/);
  });
});
