/**
 * Credentials never travel in a URL. A URL is written to access logs, proxy logs, browser
 * history and Referer headers, so a key sent there has leaked whatever we answer: it is refused
 * (the caller should revoke it) and neither the answer nor the log repeats the URL's query.
 *
 * A query parameter carries a credential when its name is one that clients use for one
 * (compared without case, dashes and underscores: `api_key`, `apiKey`, `X-API-Key`, `token`,
 * `access_token`, `authorization`, ...) or its value is written as an Authorization header
 * (`Bearer ...`, `Basic ...`).
 */
const CREDENTIAL_NAMES = new Set([
  'apikey',
  'xapikey',
  'key',
  'token',
  'accesstoken',
  'authtoken',
  'bearer',
  'auth',
  'authorization',
  'secret',
  'clientsecret',
  'password',
  'passwd',
  'jwt',
  'session',
  'sessionid',
  'signature',
]);
const HEADER_SCHEMES = /^\s*(bearer|basic|token)\s+\S/i;

const fold = (name: string): string => name.toLowerCase().replace(/[-_\s.]/g, '');

/** The query of a request target, as name-value pairs; undecodable pieces are read as they are. */
function queryPairs(target: string): [string, string][] {
  const at = target.indexOf('?');
  if (at < 0) return [];
  const query = target.slice(at + 1).split('#')[0];
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return text;
    }
  };
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
    });
}

/** Whether a request target (path and query) carries a credential in its query. */
export function credentialInQuery(target: string): boolean {
  return queryPairs(target).some(([name, value]) => CREDENTIAL_NAMES.has(fold(name)) || HEADER_SCHEMES.test(value));
}

/**
 * What a problem's `instance` names: the path alone. The query is never echoed: it may hold a
 * credential, a card number or personal data that a client put where it should not have.
 */
export function problemInstanceOf(target: string): string {
  return target.split(/[?#]/)[0];
}
