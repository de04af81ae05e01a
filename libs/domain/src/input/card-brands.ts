/**
 * The number ranges and lengths of the card brands whose numbers must never enter the system
 * (issuer identification numbers as the networks publish them; the table on Wikipedia's
 * "Payment card number" page, checked December 2026). A number is a card number only when it
 * starts in a brand's range, has one of that brand's lengths and passes the Luhn check: a run
 * of digits that merely passes Luhn is an identifier one time in ten.
 *
 * Left out on purpose: UATP (prefix 1, 15 digits). Airline travel accounts never pay a
 * political committee, and numbers starting with 1 are where millisecond Unix timestamps live
 * (1.0e12 to 2.0e12 until 2033): with UATP in, a key such as `1764960000000-42` would be refused
 * one time in ten. Also left out: GPN's 1946 for the same reason.
 */
export interface CardBrand {
  name: string;
  /** Inclusive ranges of the leading digits, as decimal strings of equal length (`['51', '55']`). */
  ranges: readonly (readonly [string, string])[];
  lengths: readonly number[];
}

const span = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const one = (prefix: string): readonly [string, string] => [prefix, prefix];

export const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'Visa', ranges: [one('4')], lengths: [13, 16, 19] },
  { name: 'Mastercard', ranges: [['51', '55'], ['2221', '2720']], lengths: [16] },
  { name: 'American Express', ranges: [one('34'), one('37')], lengths: [15] },
  { name: 'Discover', ranges: [one('6011'), ['644', '649'], one('65'), ['622126', '622925']], lengths: span(16, 19) },
  { name: 'Diners Club International', ranges: [one('36')], lengths: span(14, 19) },
  { name: 'Diners Club', ranges: [['300', '305'], one('3095'), ['38', '39']], lengths: span(16, 19) },
  { name: 'JCB', ranges: [['3528', '3589']], lengths: span(16, 19) },
  { name: 'UnionPay', ranges: [one('62')], lengths: span(16, 19) },
  { name: 'China T-Union', ranges: [one('31')], lengths: [19] },
  {
    name: 'Maestro',
    ranges: [one('5018'), one('5020'), one('5038'), one('5893'), one('6304'), one('6759'), one('6761'), one('6762'), one('6763'), one('676770'), one('676774')],
    lengths: span(12, 19),
  },
  { name: 'Dankort', ranges: [one('5019')], lengths: [16] },
  { name: 'Mir', ranges: [['2200', '2204']], lengths: span(16, 19) },
  { name: 'BORICA', ranges: [one('2205')], lengths: [16] },
  { name: 'RuPay', ranges: [one('60'), one('65'), one('81'), one('82'), one('508'), one('353'), one('356')], lengths: [16] },
  { name: 'InterPayment', ranges: [one('636')], lengths: span(16, 19) },
  { name: 'InstaPayment', ranges: [['637', '639']], lengths: [16] },
  { name: 'Laser', ranges: [one('6304'), one('6706'), one('6709'), one('6771')], lengths: span(16, 19) },
  { name: 'Verve', ranges: [['506099', '506198'], ['650002', '650027'], ['507865', '507964']], lengths: [16, 18, 19] },
  { name: 'Troy', ranges: [one('9792')], lengths: [16] },
  { name: 'Uzcard', ranges: [one('8600'), one('5614')], lengths: [16] },
  { name: 'Humo', ranges: [one('9860')], lengths: [16] },
  { name: 'Napas', ranges: [one('9704')], lengths: [16, 19] },
  { name: 'LankaPay', ranges: [one('357111')], lengths: [16] },
  { name: 'UkrCard', ranges: [['60400100', '60420099']], lengths: span(16, 19) },
];

/** The shortest and longest card number of any brand. */
export const CARD_MIN_DIGITS = Math.min(...CARD_BRANDS.flatMap((b) => b.lengths));
export const CARD_MAX_DIGITS = Math.max(...CARD_BRANDS.flatMap((b) => b.lengths));

const inRange = (digits: string, [low, high]: readonly [string, string]): boolean => {
  const lead = digits.slice(0, low.length);
  return lead.length === low.length && lead >= low && lead <= high;
};

/** The brands by the first digit of their ranges: most digit runs are over at the first look. */
const BY_FIRST_DIGIT: ReadonlyMap<string, readonly CardBrand[]> = new Map(
  '0123456789'.split('').map((d) => [d, CARD_BRANDS.filter((brand) => brand.ranges.some(([low, high]) => low[0] <= d && d <= high[0]))]),
);

/** The brand whose range and length a string of ASCII digits fits, or null. */
export function cardBrandOf(digits: string): CardBrand | null {
  const brands = BY_FIRST_DIGIT.get(digits[0]) ?? [];
  return brands.find((brand) => brand.lengths.includes(digits.length) && brand.ranges.some((range) => inRange(digits, range))) ?? null;
}

/** Whether any card number starts with this digit. */
export const mayStartCardNumber = (digit: string): boolean => (BY_FIRST_DIGIT.get(digit)?.length ?? 0) > 0;
