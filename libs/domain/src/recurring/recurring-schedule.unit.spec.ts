import {
  addPeriods,
  dueAtOf,
  firstPeriodOf,
  instalmentDonationId,
  instalmentsDue,
  MAX_CATCH_UP_PERIODS,
  nextDueAt,
  periodOf,
  type PlanCalendar,
} from './recurring-schedule.js';

const calendar = (changes: Partial<PlanCalendar> = {}): PlanCalendar => ({
  active: true,
  dayOfMonth: 15,
  timeZone: 'UTC',
  startsOn: '2026-01-15',
  owedFrom: '2026-01-15T00:00:00.000Z',
  initiated: new Set(),
  ...changes,
});
const periods = (due: { period: string }[]): string[] => due.map((d) => d.period);

describe('the calendar of a monthly plan (UTC)', () => {
  it.each([
    ['2026-01', 31, '2026-01-31T00:00:00.000Z'],
    ['2026-02', 31, '2026-02-28T00:00:00.000Z'],
    ['2028-02', 31, '2028-02-29T00:00:00.000Z'],
    ['2026-02', 29, '2026-02-28T00:00:00.000Z'],
    ['2026-04', 31, '2026-04-30T00:00:00.000Z'],
    ['2026-12', 1, '2026-12-01T00:00:00.000Z'],
  ])('given period %s and day %d, then the instalment falls due at %s', (period, day, dueAt) => {
    expect(dueAtOf(period, day)).toBe(dueAt);
  });

  it.each([
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-01', -13, '2024-12'],
    ['2026-05', 0, '2026-05'],
  ])('given %s, when %d months are added, then it is %s', (period, count, expected) => {
    expect(addPeriods(period, count)).toBe(expected);
  });

  it('reads the period of an instant in UTC, whatever offset the instant was written with', () => {
    expect(periodOf('2026-02-28T23:30:00-05:00')).toBe('2026-03');
    expect(periodOf('2026-02-28T23:59:59.999Z')).toBe('2026-02');
    expect(() => periodOf('soon')).toThrow(RangeError);
    expect(() => dueAtOf('2026-13', 1)).toThrow(RangeError);
  });

  it.each([
    ['2026-01-15', 15, '2026-01'],
    ['2026-01-20', 15, '2026-02'],
    ['2026-01-31', 30, '2026-02'],
    ['2026-02-27', 31, '2026-02'],
    ['2026-02-28', 31, '2026-02'],
  ])('given a start on %s and day %d, then the first period is %s', (startsOn, day, first) => {
    expect(firstPeriodOf(startsOn, day)).toBe(first);
  });

  it('names each instalment donation by plan and period: the same every time, different per period and plan', () => {
    const id = instalmentDonationId('plan-1', '2026-12');
    expect(id).toBe(instalmentDonationId('plan-1', '2026-12'));
    expect(id).not.toBe(instalmentDonationId('plan-1', '2027-01'));
    expect(id).not.toBe(instalmentDonationId('plan-2', '2026-12'));
    expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
  });
});

describe('instalmentsDue', () => {
  it('given an active plan, when now is one millisecond before the first due instant, then nothing is owed', () => {
    expect(instalmentsDue(calendar(), '2026-01-14T23:59:59.999Z')).toEqual([]);
  });

  it('given an active plan, when now is exactly the first due instant, then that instalment is owed', () => {
    expect(instalmentsDue(calendar(), '2026-01-15T00:00:00.000Z')).toEqual([{ period: '2026-01', dueAt: '2026-01-15T00:00:00.000Z' }]);
  });

  it('given the 1st of the month, when it is 23:59 on the last day in UTC (evening in New York), then the month is not due yet', () => {
    const firsts = calendar({ dayOfMonth: 1, startsOn: '2026-02-01', owedFrom: '2026-02-01T00:00:00.000Z', initiated: new Set(['2026-02']) });
    expect(instalmentsDue(firsts, '2026-02-28T23:59:59.999Z')).toEqual([]);
    expect(periods(instalmentsDue(firsts, '2026-03-01T00:00:00.000Z'))).toEqual(['2026-03']);
  });

  it('given an instalment already initiated, when the same period is asked again, then it is not owed twice', () => {
    expect(instalmentsDue(calendar({ initiated: new Set(['2026-01']) }), '2026-02-14T23:59:59.999Z')).toEqual([]);
  });

  it('given a scheduler that was down for two months, when it comes back, then it catches up the missed periods oldest first', () => {
    expect(instalmentsDue(calendar(), '2026-03-20T08:00:00.000Z')).toEqual([
      { period: '2026-01', dueAt: '2026-01-15T00:00:00.000Z' },
      { period: '2026-02', dueAt: '2026-02-15T00:00:00.000Z' },
      { period: '2026-03', dueAt: '2026-03-15T00:00:00.000Z' },
    ]);
  });

  it(`given a scheduler that was down for eight months, then only the last ${MAX_CATCH_UP_PERIODS} periods are owed; older ones lapse`, () => {
    expect(periods(instalmentsDue(calendar(), '2026-09-20T08:00:00.000Z'))).toEqual(['2026-07', '2026-08', '2026-09']);
  });

  it('given the 31st as the day, then February owes on its last day, in leap years the 29th', () => {
    const thirtyFirst = calendar({ dayOfMonth: 31, startsOn: '2026-01-31', owedFrom: '2026-01-31T00:00:00.000Z', initiated: new Set(['2026-01']) });
    expect(instalmentsDue(thirtyFirst, '2026-02-27T23:59:59.999Z')).toEqual([]);
    expect(instalmentsDue(thirtyFirst, '2026-02-28T00:00:00.000Z')).toEqual([{ period: '2026-02', dueAt: '2026-02-28T00:00:00.000Z' }]);
    const leap = { ...thirtyFirst, startsOn: '2028-01-31', owedFrom: '2028-01-31T00:00:00.000Z', initiated: new Set(['2028-01']) };
    expect(instalmentsDue(leap, '2028-02-28T12:00:00.000Z')).toEqual([]);
    expect(instalmentsDue(leap, '2028-02-29T00:00:00.000Z')).toEqual([{ period: '2028-02', dueAt: '2028-02-29T00:00:00.000Z' }]);
  });

  it('given a paused or cancelled plan, then nothing is owed however late it is', () => {
    expect(instalmentsDue(calendar({ active: false }), '2026-03-20T08:00:00.000Z')).toEqual([]);
  });

  it('given a plan resumed after its day in March, then March and the paused months are never owed; April is', () => {
    const resumed = calendar({ owedFrom: '2026-03-16T10:00:00.000Z', initiated: new Set(['2026-01']) });
    expect(instalmentsDue(resumed, '2026-04-14T23:59:59.999Z')).toEqual([]);
    expect(periods(instalmentsDue(resumed, '2026-04-15T00:00:00.000Z'))).toEqual(['2026-04']);
  });

  it('given a plan resumed before its day, then that month is owed', () => {
    const resumed = calendar({ owedFrom: '2026-03-10T10:00:00.000Z', initiated: new Set(['2026-01']) });
    expect(periods(instalmentsDue(resumed, '2026-03-15T00:00:00.000Z'))).toEqual(['2026-03']);
  });
});

describe('nextDueAt', () => {
  it('given nothing owed, then it is the next period’s due instant', () => {
    expect(nextDueAt(calendar({ initiated: new Set(['2026-01']) }), '2026-01-20T00:00:00.000Z')).toBe('2026-02-15T00:00:00.000Z');
  });

  it('given a plan that has not started, then it is the first due instant', () => {
    expect(nextDueAt(calendar(), '2025-12-01T00:00:00.000Z')).toBe('2026-01-15T00:00:00.000Z');
  });

  it('given instalments owed, then it is the oldest one’s due instant, in the past', () => {
    expect(nextDueAt(calendar(), '2026-03-20T08:00:00.000Z')).toBe('2026-01-15T00:00:00.000Z');
  });

  it('given a resume after the day of the month, then it is next month’s; before the day, this month’s', () => {
    const late = calendar({ owedFrom: '2026-03-16T10:00:00.000Z', initiated: new Set(['2026-01']) });
    expect(nextDueAt(late, '2026-03-16T10:00:00.000Z')).toBe('2026-04-15T00:00:00.000Z');
    const early = calendar({ owedFrom: '2026-03-10T10:00:00.000Z', initiated: new Set(['2026-01']) });
    expect(nextDueAt(early, '2026-03-10T10:00:00.000Z')).toBe('2026-03-15T00:00:00.000Z');
  });

  it('given a paused or cancelled plan, then there is none', () => {
    expect(nextDueAt(calendar({ active: false }), '2026-01-20T00:00:00.000Z')).toBeNull();
  });
});

// Issue 14, item 1: an instalment is a contribution whose date compliance and Schedule A read
// on the committee's local day, so a plan's months and due days are that calendar's.
describe('a plan on the committee calendar (America/New_York)', () => {
  const NY = 'America/New_York';
  const firstOfMonth = (changes: Partial<PlanCalendar> = {}): PlanCalendar =>
    calendar({ dayOfMonth: 1, timeZone: NY, startsOn: '2026-01-01', owedFrom: '2026-01-01T05:00:00.000Z', ...changes });

  it('given a plan on the 1st, then April’s falls due at local midnight (04:00Z, EDT), not at 00:00Z, which is still 31 March there', () => {
    expect(dueAtOf('2026-04', 1, NY)).toBe('2026-04-01T04:00:00.000Z');
    expect(dueAtOf('2026-01', 1, NY)).toBe('2026-01-01T05:00:00.000Z');
  });

  it('given the day daylight saving starts (8 March 2026), then that day begins at 05:00Z, before the clocks go forward', () => {
    expect(dueAtOf('2026-03', 8, NY)).toBe('2026-03-08T05:00:00.000Z');
    expect(dueAtOf('2026-11', 1, NY)).toBe('2026-11-01T04:00:00.000Z');
  });

  it('when the scheduler ticks a minute before and at local midnight of 1 April, then April is owed only from midnight', () => {
    const march = firstOfMonth({ initiated: new Set(['2026-01', '2026-02', '2026-03']) });
    expect(periods(instalmentsDue(march, '2026-04-01T03:59:00.000Z'))).toEqual([]);
    expect(instalmentsDue(march, '2026-04-01T04:00:00.000Z')).toEqual([{ period: '2026-04', dueAt: '2026-04-01T04:00:00.000Z' }]);
  });

  it('when the scheduler ticks at 00:30Z on 1 April (20:30 on 31 March in New York), then the month is still March', () => {
    expect(periodOf('2026-04-01T00:30:00.000Z', NY)).toBe('2026-03');
    expect(periodOf('2026-04-01T00:30:00.000Z')).toBe('2026-04');
  });

  it('given a plan waiting for April, then its next due instant is local midnight of 1 April', () => {
    expect(nextDueAt(firstOfMonth({ initiated: new Set(['2026-01', '2026-02', '2026-03']) }), '2026-03-20T12:00:00.000Z')).toBe('2026-04-01T04:00:00.000Z');
  });
});
