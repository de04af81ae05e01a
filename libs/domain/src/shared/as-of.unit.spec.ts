import { asOfEndsBefore, asOfIncludes, type AsOf } from './as-of.js';

const event = (position: number, recordedAt: string) => ({ position, recordedAt });

describe('asOfIncludes', () => {
  describe('given a cut at an instant', () => {
    const asOf: AsOf = { kind: 'instant', instant: '2026-06-30T23:00:00.000Z' };

    it('when an event was recorded before it, then it is in the books', () => expect(asOfIncludes(asOf, event(9, '2026-06-30T22:59:59.999Z'))).toBe(true));
    it('when an event was recorded at that very millisecond, then it is in the books', () =>
      expect(asOfIncludes(asOf, event(9, '2026-06-30T23:00:00.000Z'))).toBe(true));
    it('when an event was recorded a millisecond later, then it is not', () => expect(asOfIncludes(asOf, event(9, '2026-06-30T23:00:00.001Z'))).toBe(false));
    it('when the recorded instant is written with an offset, then it is compared as an instant, not as text', () =>
      expect(asOfIncludes(asOf, event(9, '2026-07-01T00:00:00+01:00'))).toBe(true));
    it('when events are later in position, then the instant still decides (clocks of two writers may disagree)', () => {
      expect(asOfIncludes(asOf, event(100, '2026-06-30T22:00:00.000Z'))).toBe(true);
      expect(asOfEndsBefore(asOf, event(100, '2026-07-30T22:00:00.000Z'))).toBe(false);
    });
  });

  describe('given a cut at a ledger position', () => {
    const asOf: AsOf = { kind: 'position', position: 123 };

    it('when the event is at the position, then it is in the books', () => expect(asOfIncludes(asOf, event(123, '2030-01-01T00:00:00Z'))).toBe(true));
    it('when the event is after it, then it is not, and neither is any later one', () => {
      expect(asOfIncludes(asOf, event(124, '2000-01-01T00:00:00Z'))).toBe(false);
      expect(asOfEndsBefore(asOf, event(124, '2000-01-01T00:00:00Z'))).toBe(true);
    });
  });
});
