import { HttpProblem, problem } from '#platform';

export const DIRECTORY_DEFAULT_LIMIT = 50;
export const DIRECTORY_MAX_LIMIT = 100;

/** A page of a list read from the ledger: how many, and after which ledger position (the cursor). */
export interface DirectoryPage {
  limit: number;
  after: number;
}

const bad = (field: string, detail: string): never => {
  throw new HttpProblem(problem('invalid_request', `${field}: ${detail}`, { field }));
};

/** The `limit` and `after` query parameters, checked: a bad one is a 400 naming the field. */
export function directoryPageOf(limit: unknown, after: unknown): DirectoryPage {
  const size =
    limit === undefined ? DIRECTORY_DEFAULT_LIMIT : typeof limit === 'string' && /^[1-9][0-9]{0,2}$/.test(limit) && Number(limit) <= DIRECTORY_MAX_LIMIT ? Number(limit) : bad('limit', `must be an integer from 1 to ${DIRECTORY_MAX_LIMIT}`);
  const cursor = after === undefined ? 0 : typeof after === 'string' && /^[0-9]{1,15}$/.test(after) ? Number(after) : bad('after', 'must be the cursor a previous page gave');
  return { limit: size, after: cursor };
}
