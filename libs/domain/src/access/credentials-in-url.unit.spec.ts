import { credentialInQuery, problemInstanceOf } from './credentials-in-url.js';

const KEY = 'hk_live_0123456789abcdef0123456789abcdef';

describe('credentials in a URL', () => {
  describe('given a query that carries a credential', () => {
    it.each([
      [`/v1/committees/c1?api_key=${KEY}`],
      [`/v1/committees/c1?apiKey=${KEY}`],
      [`/v1/committees/c1?X-API-Key=${KEY}`],
      [`/v1/committees/c1?limit=5&access_token=${KEY}`],
      [`/v1/committees/c1?token=${KEY}`],
      [`/v1/committees/c1?key=${KEY}`],
      [`/v1/committees/c1?Authorization=Bearer%20${KEY}`],
      [`/v1/committees/c1?auth=${KEY}`],
      [`/v1/committees/c1?q=Bearer+${KEY}`],
      [`/v1/committees/c1?api%5Fkey=${KEY}`],
      ['/v1/committees/c1?api_key'],
    ])('when %s is read, then it carries a credential', (target) => expect(credentialInQuery(target)).toBe(true));
  });

  describe('given a query without a credential', () => {
    it.each([['/v1/committees/c1'], ['/v1/committees/c1?limit=5'], ['/v1/campaigns/s/reward-grants?tierId=gold'], ['/v1/campaigns/s/totals?asOf=2026-03-01'], ['/v1/x?monkey=1&tokenizer=a']])(
      'when %s is read, then it carries none',
      (target) => expect(credentialInQuery(target)).toBe(false),
    );
  });

  it('names a problem by its path alone, never its query or fragment', () => {
    expect(problemInstanceOf(`/v1/committees/c1?api_key=${KEY}`)).toBe('/v1/committees/c1');
    expect(problemInstanceOf('/v1/committees/c1#x')).toBe('/v1/committees/c1');
    expect(problemInstanceOf('/v1/committees/c1')).toBe('/v1/committees/c1');
  });
});
