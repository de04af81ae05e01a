import type { ExpectedRevision } from './ledger-store.port.js';

export class WrongExpectedRevisionError extends Error {
  readonly code = 'wrong_expected_revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class DuplicateEventIdError extends Error {
  readonly code = 'event_id_used_in_other_stream';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
    readonly existingStreamId: string,
  ) {
    super(`event ${eventId} cannot be appended to ${streamId}: already in ${existingStreamId}`);
    this.name = 'DuplicateEventIdError';
  }
}

export function isWrongExpectedRevision(error: unknown): error is WrongExpectedRevisionError {
  return error instanceof WrongExpectedRevisionError;
}
