/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, no undefined members.
 * Hashes are taken over this form so that any verifier, in any language, can recompute
 * them from the exported events. Non-finite numbers and bigints are refused: money travels
 * as decimal strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON refuses non-finite numbers');
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonical JSON refuses ${typeof value}`);
  }
}

function canonicalArray(values: unknown[]): string {
  return `[${values.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
}

function canonicalObject(record: Record<string, unknown>): string {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}
