import { parseTraceparent, withTrace } from './trace-context.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('parseTraceparent', () => {
  it('given a version-00 header, when parsed, then it is kept as sent', () => {
    expect(parseTraceparent(VALID)).toBe(VALID);
    expect(parseTraceparent(` ${VALID} `)).toBe(VALID);
  });

  it('given a later version with more fields, when parsed, then the four known fields are kept', () => {
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future')).toBe('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it.each([
    ['no header', undefined],
    ['an empty one', ''],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['upper-case hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01'],
    ['version 00 with more fields', `${VALID}-extra`],
    ['something else', 'not-a-trace'],
    ['a header past 512 characters', `01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-${'x'.repeat(512)}`],
  ])('given %s, when parsed, then there is no trace', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});

describe('withTrace', () => {
  const event = { eventId: 'e-1', metadata: { occurredAt: '2026-03-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'cmte' } };

  it('given a trace, when applied, then every event carries it and nothing else changes', () => {
    const [traced] = withTrace([event], VALID);
    expect(traced).toEqual({ ...event, metadata: { ...event.metadata, traceId: VALID } });
    expect(event.metadata).not.toHaveProperty('traceId');
  });

  it('given no trace, when applied, then the events are returned as they were', () => {
    const events = [event];
    expect(withTrace(events, undefined)).toBe(events);
  });
});
