import { utcDayOf } from './calendar.js';
import { dueOnInZone } from './calendar-zone.js';

const dueOn = (receivedAt: string, days: number): string => dueOnInZone(receivedAt, days, 'UTC');

describe('utcDayOf', () => {
  it.each([
    ['2026-03-01T23:59:59.999Z', '2026-03-01'],
    ['2026-03-01T19:30:00-05:00', '2026-03-02'],
    ['2026-03-01', '2026-03-01'],
  ])('reads %s as the UTC day %s', (at, day) => {
    expect(utcDayOf(at)).toBe(day);
  });

  it.each(['2026-03-01T12:00:00', 'tomorrow', ''])('has no day for %j', (at) => {
    expect(utcDayOf(at)).toBeNull();
  });
});

describe('dueOnInZone in UTC', () => {
  it('counts whole days from the UTC day of receipt, whatever the hour', () => {
    expect(dueOn('2026-03-01T00:00:00.000Z', 10)).toBe('2026-03-11');
    expect(dueOn('2026-03-01T23:59:59.999Z', 10)).toBe('2026-03-11');
  });

  it('runs across month and year ends, and through 29 February', () => {
    expect(dueOn('2026-12-15T10:00:00.000Z', 30)).toBe('2027-01-14');
    expect(dueOn('2028-02-01T10:00:00.000Z', 30)).toBe('2028-03-02');
    expect(dueOn('2026-11-03T10:00:00.000Z', 60)).toBe('2027-01-02');
  });

  it('refuses an instant without a zone rather than guess its day', () => {
    expect(() => dueOn('2026-03-01T12:00:00', 10)).toThrow(RangeError);
  });
});
