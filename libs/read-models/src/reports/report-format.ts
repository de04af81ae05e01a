/**
 * The two shapes every report is served in: JSON (money as integers of minor units, as the
 * HTTP API always does) and CSV (RFC 4180, CRLF, every cell quoted when needed). A cell that a
 * spreadsheet would run as a formula is prefixed with an apostrophe (OWASP CSV injection).
 */
export interface Tabular {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

const FORMULA_START = /^[=+@\t\r]|^-(?![0-9])/;

function cell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
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
