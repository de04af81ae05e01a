import { addDays, dayInZone, isIanaTimeZone, startOfDayInZone } from './calendar-zone.js';
import { dueOnFor, rulePackFor, rulePackInZone } from './rule-packs.js';

// Issue 14, item 1: every legal day is the committee's local calendar day, never the UTC day.
describe("a committee's local calendar day", () => {
  describe('given a committee in America/New_York (EST, UTC-5 in winter; EDT, UTC-4 in summer)', () => {
    it.each([
      ['2026-03-02T04:59:00Z', '2026-03-01', 'a minute before local midnight (23:59 EST) is still 1 March'],
      ['2026-03-02T05:00:00Z', '2026-03-02', 'local midnight is 2 March'],
      ['2026-03-02T05:01:00Z', '2026-03-02', 'a minute after local midnight is 2 March'],
      ['2026-07-01T03:59:00Z', '2026-06-30', 'in summer (EDT) 23:59 is 03:59Z'],
      ['2026-07-01T04:00:00Z', '2026-07-01', 'and local midnight 04:00Z'],
    ])('reads %s as %s (%s)', (at, day) => {
      expect(dayInZone(at, 'America/New_York')).toBe(day);
    });

    it('begins each day at local midnight, in winter and in summer', () => {
      expect(startOfDayInZone('2026-03-02', 'America/New_York')).toBe('2026-03-02T05:00:00.000Z');
      expect(startOfDayInZone('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
      // The days daylight saving starts and ends still begin at their own midnight.
      expect(startOfDayInZone('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
      expect(startOfDayInZone('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00.000Z');
      expect(startOfDayInZone('2026-07-01', 'America/Los_Angeles')).toBe('2026-07-01T07:00:00.000Z');
      expect(startOfDayInZone('2026-07-01', 'Europe/London')).toBe('2026-06-30T23:00:00.000Z');
      expect(startOfDayInZone('2026-07-01', 'UTC')).toBe('2026-07-01T00:00:00.000Z');
    });

    it('counts days across month and year ends', () => {
      expect(addDays('2026-11-03', -19)).toBe('2026-10-15');
      expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    });
  });

  describe('the pack in force, and its deadlines, on the local day', () => {
    it('picks the 2023-24 FEC pack for 23:30 on New Year\'s Eve 2024 in New York (04:30Z on 1 January 2025)', () => {
      expect(rulePackInZone('US-FEC-CANDIDATE', '2025-01-01T04:30:00Z', 'America/New_York').version).toBe('US-FEC-CANDIDATE/2023-2024');
      expect(rulePackInZone('US-FEC-CANDIDATE', '2025-01-01T05:00:00Z', 'America/New_York').version).toBe('US-FEC-CANDIDATE/2025-2026');
      expect(rulePackInZone('US-FEC-CANDIDATE', '2025-01-01T04:30:00Z', 'America/New_York').timeZone).toBe('America/New_York');
    });

    it('11 CFR 103.3(b)(3): 60 days to remedy an excess count from the local day of receipt', () => {
      const pack = rulePackInZone('US-FEC-CANDIDATE', '2026-03-02T04:59:00Z', 'America/New_York');
      // 23:59 EST on 1 March: the 60th day after 1 March is 30 April (the UTC day, 2 March, would give 1 May).
      expect(dueOnFor(pack, 'excessRemedy', '2026-03-02T04:59:00Z')).toBe('2026-04-30');
      expect(dueOnFor(pack, 'excessRemedy', '2026-03-02T05:00:00Z')).toBe('2026-05-01');
    });

    it('11 CFR 103.3(a): 10 days to deposit or return count from the local day of receipt', () => {
      const pack = rulePackInZone('US-FEC-CANDIDATE', '2026-03-01T12:00:00Z', 'America/Los_Angeles');
      expect(dueOnFor(pack, 'questionableDeposit', '2026-03-02T07:59:00Z')).toBe('2026-03-11');
      expect(dueOnFor(pack, 'questionableDeposit', '2026-03-02T08:00:00Z')).toBe('2026-03-12');
    });

    it('PPERA s.56(2): the 30 days begin with the day of receipt, so received on 1 March they end on 30 March', () => {
      const pack = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00Z');
      expect(dueOnFor(pack, 'impermissibleReturn', '2026-03-01T00:00:00Z')).toBe('2026-03-30');
      expect(dueOnFor(pack, 'impermissibleReturn', '2026-02-28T23:59:00Z')).toBe('2026-03-29');
      // In BST, 23:30Z on 30 June is 00:30 on 1 July: day one is 1 July, day thirty 30 July.
      expect(dueOnFor(pack, 'impermissibleReturn', '2026-06-30T23:30:00Z')).toBe('2026-07-30');
      expect(dueOnFor(pack, 'impermissibleReturn', '2026-06-30T22:59:00Z')).toBe('2026-07-29');
    });
  });

  it.each([
    ['America/New_York', true],
    ['Europe/London', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['EST', false],
    ['+05:00', false],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ])('knows whether %p is an IANA zone (%p)', (name, known) => {
    expect(isIanaTimeZone(name)).toBe(known);
  });
});
