import { decimalToMinor, displayOf, formatBasisPoints, formatDay, formatInstant, formatLag, formatMoney, minorToDecimal } from './format';

const us = displayOf('US-FEC-CANDIDATE', 'USD');
const uk = displayOf('UK-PPERA-PARTY', 'GBP');

describe('console money and dates', () => {
  it('given minor units, then the decimal is exact, beyond the range where floats round', () => {
    expect(minorToDecimal(123456, 'USD')).toBe('1234.56');
    expect(minorToDecimal(5, 'GBP')).toBe('0.05');
    expect(minorToDecimal(-150, 'USD')).toBe('-1.50');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
    expect(minorToDecimal('900719925474099199', 'USD')).toBe('9007199254740991.99');
  });
  it('given USD and GBP committees, then money reads $1,234.56 and £1,234.56', () => {
    expect(formatMoney(123456, 'USD', us)).toBe('$1,234.56');
    expect(formatMoney(123456, 'GBP', uk)).toBe('£1,234.56');
    expect(formatMoney(null, 'USD', us)).toBe('—');
  });
  it('given typed amounts, then they become minor units or are refused, never rounded', () => {
    expect(decimalToMinor('500', 'USD')).toBe(50000n);
    expect(decimalToMinor('1,234.5', 'USD')).toBe(123450n);
    expect(decimalToMinor('0.07', 'GBP')).toBe(7n);
    expect(decimalToMinor('1.005', 'USD')).toBeNull();
    expect(decimalToMinor('-1', 'USD')).toBeNull();
    expect(decimalToMinor('abc', 'USD')).toBeNull();
  });
  it('given a legal day and basis points, then they read as the locale writes them', () => {
    expect(formatDay('2026-03-06', us)).toBe('Mar 6, 2026');
    expect(formatDay('2026-03-06', uk)).toBe('6 Mar 2026');
    expect(formatBasisPoints(10000)).toBe('100.00%');
    expect(formatBasisPoints(1234)).toBe('12.34%');
  });
  it('given an instant, then it reads in the committee\'s time zone, named', () => {
    expect(formatInstant('2026-07-04T16:00:00Z', us)).toBe('Jul 4, 2026, 12:00:00 PM EDT');
    expect(formatInstant('2026-07-04T16:00:00Z', uk)).toBe('4 Jul 2026, 17:00:00 BST');
    expect(formatInstant(null, us)).toBe('—');
  });

  it('given a Canadian party, then money is in Canadian dollars and times in Toronto', () => {
    const ca = displayOf('CA-CEA-PARTY', 'CAD');
    expect(ca).toEqual({ locale: 'en-CA', timeZone: 'America/Toronto' });
    expect(formatMoney(175000, 'CAD', ca)).toBe('$1,750.00');
  });
});

describe('formatLag', () => {
  it('when nothing waits, then reporting is caught up', () => expect(formatLag({ seconds: 0, events: 0, atLeast: false })).toBe('Caught up (0 s, 0 events)'));
  it('when one event waits, then it says how long and one event', () => expect(formatLag({ seconds: 3, events: 1, atLeast: false })).toBe('3 s behind (1 event)'));
  it('when the count stopped at its limit, then it says at least', () => expect(formatLag({ seconds: 40, events: 1000, atLeast: true })).toBe('40 s behind (1000+ events)'));
  it('when there is no reading yet, then a dash', () => expect(formatLag(null)).toBe('—'));
});
