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
  const isoInstant = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  if (!isoInstant.test(from) || !isoInstant.test(to)) return { problem: 'from and to must be ISO 8601 dates or instants with a zone' };
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { problem: 'from and to must be real dates' };
  if (start >= end) return { problem: 'from must be before to' };
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}
