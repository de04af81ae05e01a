import { parseCalendarDay, parseInstant } from './calendar.js';

describe('parseInstant', () => {
  it.each([
    ['UTC', '2026-03-01T12:00:00Z', '2026-03-01T12:00:00.000Z'],
    ['an offset, turned into UTC', '2026-03-01T07:00:00-05:00', '2026-03-01T12:00:00.000Z'],
    ['no seconds', '2026-03-01T12:00Z', '2026-03-01T12:00:00.000Z'],
    ['milliseconds', '2026-03-01T12:00:00.123Z', '2026-03-01T12:00:00.123Z'],
    ['nanoseconds, truncated to milliseconds', '2026-03-01T12:00:00.123456789Z', '2026-03-01T12:00:00.123Z'],
    ['a leap day', '2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['an offset that crosses into the next year', '2026-12-31T23:30:00-01:00', '2027-01-01T00:30:00.000Z'],
    ['the last instant of the range', '2099-12-31T23:59:59.999Z', '2099-12-31T23:59:59.999Z'],
  ])('takes %s', (_what, value, iso) => expect(parseInstant(value)).toEqual({ iso }));

  it.each([
    ['no time zone', '2026-03-01T12:00:00'],
    ['a day alone', '2026-03-01'],
    ['a space for the T', '2026-03-01 12:00:00Z'],
    ['lower-case letters', '2026-03-01t12:00:00z'],
    ['an RFC 2822 date', 'Sun, 01 Mar 2026 12:00:00 GMT'],
    ['epoch milliseconds', '1772366400000'],
    ['30 February', '2026-02-30T10:00:00Z'],
    ['29 February of a common year', '2026-02-29T10:00:00Z'],
    ['31 April', '2026-04-31T10:00:00Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['day 0', '2026-03-00T10:00:00Z'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['hour 25', '2026-03-01T25:00:00Z'],
    ['minute 60', '2026-03-01T12:60:00Z'],
    ['a leap second', '2026-03-01T12:00:60Z'],
    ['offset +24:00', '2026-03-01T12:00:00+24:00'],
    ['offset minutes 60', '2026-03-01T12:00:00+01:60'],
    ['an offset without a colon', '2026-03-01T12:00:00+0100'],
    ['a fraction of ten digits', '2026-03-01T12:00:00.1234567890Z'],
    ['a six-digit year', '+02026-03-01T12:00:00Z'],
    ['trailing text', '2026-03-01T12:00:00Zjunk'],
  ])('refuses %s as date_invalid', (_what, value) => expect(parseInstant(value)).toMatchObject({ code: 'date_invalid' }));

  it.each([
    ['the Unix epoch', '1970-01-01T00:00:00Z'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['1999', '1999-12-31T23:59:59Z'],
    ['an offset that lands in 1999', '2000-01-01T00:30:00+01:00'],
    ['2100', '2100-01-01T00:00:00Z'],
    ['year 9999', '9999-12-31T23:59:59Z'],
  ])('refuses %s as date_out_of_range', (_what, value) => expect(parseInstant(value)).toMatchObject({ code: 'date_out_of_range' }));
});

describe('parseCalendarDay', () => {
  it.each(['2026-11-03', '2028-02-29', '2000-02-29', '2099-12-31'])('takes %s', (day) => expect(parseCalendarDay(day)).toEqual({ day }));

  it.each(['2026-02-29', '2100-02-29', '2026-02-30', '2026-04-31', '2026-00-10', '2026-1-5', '2026/11/03', '03-11-2026', '2026-11-03T00:00:00Z'])(
    'refuses %s as date_invalid',
    (day) => expect(parseCalendarDay(day)).toMatchObject({ code: 'date_invalid' }),
  );

  it.each(['1999-11-02', '2100-11-02', '0001-01-01'])('refuses %s as date_out_of_range', (day) =>
    expect(parseCalendarDay(day)).toMatchObject({ code: 'date_out_of_range' }),
  );
});
