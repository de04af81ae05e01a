import { parseDayOrInstant } from '#domain';

/**
 * What an audit export asks for, checked once for the CLI and the endpoint alike: a committee
 * and a period [from, to) of ISO 8601 instants, from before to.
 */
export interface AuditPeriod {
  from: string;
  to: string;
}

export function auditPeriodOf(from: unknown, to: unknown): AuditPeriod | { problem: string } {
  if (typeof from !== 'string' || typeof to !== 'string') return { problem: 'from and to are required (ISO 8601 instants)' };
  // Checked against the calendar: 2026-02-30 is refused, never rolled over to 2 March.
  const start = parseDayOrInstant(from);
  const end = parseDayOrInstant(to);
  if ('problem' in start || 'problem' in end) return { problem: 'from and to must be real ISO 8601 dates or instants with a zone' };
  if (Date.parse(start.iso) >= Date.parse(end.iso)) return { problem: 'from must be before to' };
  return { from: start.iso, to: end.iso };
}
