/**
 * Whether a handler failed because something it depends on is away or overloaded (the database
 * restarting, a connection reset, EventStoreDB without a leader), rather than because of the
 * message. A consumer keeps retrying such a failure, however long the outage, instead of
 * dead-lettering the message after its attempts: a donation sent to a dead-letter topic during
 * a database failover would never be decided, while a partition that waits shows as consumer
 * lag and catches up once the database is back.
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  return causesOf(error).some(isTransientItself);
}

/** PostgreSQL SQLSTATEs of a server that is unreachable, shutting down, overloaded or that asks for a retry. */
const TRANSIENT_SQLSTATE = /^(08...|53...|57P0[1-3]|40001|40P01)$/;
/** Node's socket and DNS errors of a peer that is away, not of one that is misconfigured. */
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** @eventstore/db-client error types: the server or its leader cannot answer now. */
const TRANSIENT_ESDB_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader']);
/** node-postgres says these in words, without a code. */
const TRANSIENT_MESSAGES = /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

function isTransientItself(error: object): boolean {
  const { code, type, message } = error as { code?: unknown; type?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SOCKET_CODES.has(code))) return true;
  if (typeof type === 'string' && TRANSIENT_ESDB_TYPES.has(type)) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGES.test(message);
}

/** The error and what it wraps: `cause`, TypeORM's `driverError`, an AggregateError's `errors`. */
function causesOf(error: unknown, depth = 0): object[] {
  if (error === null || typeof error !== 'object' || depth > 5) return [];
  const { cause, driverError, errors } = error as { cause?: unknown; driverError?: unknown; errors?: unknown };
  const inner = [cause, driverError, ...(Array.isArray(errors) ? errors : [])];
  return [error, ...inner.flatMap((e) => causesOf(e, depth + 1))];
}
