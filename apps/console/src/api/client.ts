import { SseParser, type ServerEvent } from './sse';

/**
 * The console's only way to the platform: the public HTTP API on this origin, with the signed-in
 * key as a bearer token. Errors come back as problem+json; a 403 or 401 is kept as such so the
 * pages can say what the key may not do instead of failing.
 */
export interface Problem {
  status: number;
  code: string | null;
  title: string;
  detail: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** The raw answer in the given media type (a filing's CSV), for download byte for byte. */
  download(path: string, accept: string): Promise<Blob>;
  /**
   * A text/event-stream read with fetch, so the key stays in the Authorization header (an
   * EventSource cannot send one, and a key never goes in a URL). Resolves when the stream ends
   * or `signal` aborts it; rejects with an ApiError when the API refuses it.
   */
  stream(path: string, onEvent: (event: ServerEvent) => void, signal: AbortSignal): Promise<void>;
}

const TITLES: Record<number, string> = {
  400: 'The request was refused',
  401: 'Not signed in: the API key is unknown or revoked',
  403: 'Forbidden: this key may not do this',
  404: 'Not found',
  409: 'Conflict',
  422: 'Refused by the rules',
  429: 'Too many requests',
};

async function problemOf(response: Response): Promise<Problem> {
  const body = ((await response.json().catch(() => null)) ?? {}) as Record<string, unknown>;
  const detail = typeof body.detail === 'string' ? body.detail : response.statusText;
  const code = typeof body.code === 'string' ? body.code : null;
  return { status: response.status, code, title: TITLES[response.status] ?? `Error ${response.status}`, detail };
}

export function apiClient(key: string, base = ''): Api {
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string>, accept = 'application/json', signal?: AbortSignal): Promise<Response> => {
    const response = await fetch(`${base}${path}`, {
      method,
      signal,
      headers: { authorization: `Bearer ${key}`, accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new ApiError(await problemOf(response));
    return response;
  };
  return {
    async get<T>(path: string) {
      return (await (await send('GET', path, undefined, {})).json()) as T;
    },
    async post<T>(path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await send('POST', path, body, headers);
      const text = await response.text();
      return (text ? JSON.parse(text) : {}) as T;
    },
    async download(path: string, accept: string) {
      return (await send('GET', path, undefined, {}, accept)).blob();
    },
    async stream(path: string, onEvent: (event: ServerEvent) => void, signal: AbortSignal) {
      const response = await send('GET', path, undefined, {}, 'text/event-stream', signal);
      if (!response.body) throw new Error('the browser gave no stream');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.push(value).forEach(onEvent);
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      } finally {
        reader.releaseLock();
      }
    },
  };
}

export const isForbidden = (error: unknown): boolean => error instanceof ApiError && error.problem.status === 403;
