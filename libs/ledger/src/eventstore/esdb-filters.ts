import {
  eventTypeFilter,
  streamNameFilter,
  type AllStreamSubscription,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import type { AllFilter } from '../ledger-store.port.js';
import { isLedgerRecord } from './esdb-names.js';

/** Event types of user events: EventStoreDB's own, and our id claims, start with '$'. */
export const USER_EVENT_TYPES_REGEX = '^[^$]';

export type CheckpointListener = (position: Position) => void;

/**
 * The filter EventStoreDB applies before sending anything. The server takes one criterion
 * (stream names or event types), so with both we send the stream prefixes and check the
 * types here; `matchesFilter` is always applied on arrival as well, which also keeps exact
 * semantics where .NET and JavaScript regexes differ.
 */
export function serverFilterFor(filter: AllFilter | undefined, onCheckpoint: CheckpointListener): Filter {
  const checkpointReached = (_subscription: AllStreamSubscription, position: Position): void => onCheckpoint(position);
  if (filter?.streamPrefixes?.length) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes], checkpointReached });
  }
  if (filter?.eventTypes?.length) {
    return eventTypeFilter({ regex: exactNamesRegex(filter.eventTypes), checkpointReached });
  }
  return eventTypeFilter({ regex: USER_EVENT_TYPES_REGEX, checkpointReached });
}

/** A regex matching exactly these names; no name can inject regex syntax. */
export function exactNamesRegex(names: readonly string[]): string {
  return `^(?:${names.map(escapeForRegex).join('|')})$`;
}

/**
 * Every character outside [A-Za-z0-9_] becomes \uXXXX (one UTF-16 code unit each), which
 * means the same literal character to the server's .NET regex and to JavaScript's.
 */
export function escapeForRegex(name: string): string {
  let escaped = '';
  for (let i = 0; i < name.length; i++) {
    const char = name[i];
    escaped += /[A-Za-z0-9_]/.test(char) ? char : `\\u${name.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return escaped;
}

/** The port's filter, exactly: prefixes OR-ed, types OR-ed, the two AND-ed; empty lists match nothing. */
export function matchesFilter(streamId: string, type: string, filter: AllFilter | undefined): boolean {
  if (!isLedgerRecord(streamId, type)) return false;
  const prefixes = filter?.streamPrefixes;
  const types = filter?.eventTypes;
  if (prefixes && !prefixes.some((prefix) => streamId.startsWith(prefix))) return false;
  return !types || types.includes(type);
}

/** A filter with an empty list can match no event at all. */
export function matchesNothing(filter: AllFilter | undefined): boolean {
  return filter?.streamPrefixes?.length === 0 || filter?.eventTypes?.length === 0;
}
