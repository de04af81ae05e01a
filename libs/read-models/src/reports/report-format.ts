/**
 * The two shapes every report is served in: JSON (money as integers of minor units, as the
 * HTTP API always does) and CSV (RFC 4180, CRLF, every cell quoted when needed). A cell that a
 * spreadsheet would run as a formula is prefixed with an apostrophe (OWASP CSV injection):
 * see `defuseFormula`.
 */
export interface Tabular {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

/**
 * What a spreadsheet may take for the start of a formula: `=`, `+`, `-`, `@`, a tab or a
 * carriage return, also in their full-width and small forms (NFKC folds those: `＝`, `﹢`) and
 * the minus sign, and also after leading spaces (some spreadsheets trim them first).
 */
const FORMULA_START = /^[\s]*[=+\-@\t\r\u2212]/u;
/**
 * A cell that is exactly a decimal number (what the exporter writes for figures: `-12.50`,
 * `4000.00`) cannot run as anything, and stays a number. Nothing else is exempt: `-1+1` and a
 * name such as `-2+3 Main` are defused like `=1+1`.
 */
const EXACT_NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** The cell as a spreadsheet may show it but never run it. */
export function defuseFormula(value: string): string {
  if (EXACT_NUMBER.test(value)) return value;
  return FORMULA_START.test(value.normalize('NFKC')) || /^[\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  const safe = defuseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(table: Tabular): string {
  return [table.header, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** JSON-safe copy of a report: bigint money becomes a JSON integer (safe range checked). */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${v} is beyond a safe JSON integer`);
      return Number(v);
    }),
  );
}

/** Whether an ISO instant lies in [from, to). */
export const inPeriod = (at: string, from: string, to: string): boolean => {
  const t = Date.parse(at);
  return t >= Date.parse(from) && t < Date.parse(to);
};

/** YYYYMMDD of an instant's UTC day, as FEC records write dates. */
export const fecDate = (at: string): string => at.slice(0, 10).replaceAll('-', '');
