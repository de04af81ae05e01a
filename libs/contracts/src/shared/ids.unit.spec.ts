import { deterministicId, UUID_PATTERN } from './ids.js';

const CAUSE = '0b6f1c7e-5a0e-8d2f-9c41-3f1d2a7b8e90';

describe('deterministicId', () => {
  it('gives the same id for the same namespace and parts, so a redelivered message appends the same fact', () => {
    expect(deterministicId('hustings.compliance.decision', CAUSE)).toBe(
      deterministicId('hustings.compliance.decision', CAUSE),
    );
  });

  it('is pinned to a known value: changing the derivation would re-append every redelivered fact', () => {
    expect(deterministicId('hustings.compliance.decision', CAUSE)).toBe('69668622-55df-8c42-8ec6-19d7af98f4cf');
  });

  it('is a lower-case RFC 9562 UUID with version 8 and the RFC variant bits', () => {
    const id = deterministicId('hustings.rewards.grant', CAUSE, 'tier-gold');
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('8');
    expect('89ab').toContain(id[19]);
  });

  it.each([
    ['a different namespace', ['hustings.rewards.grant', CAUSE]],
    ['a different cause', ['hustings.compliance.decision', CAUSE.replace(/0$/, '1')]],
    ['an extra part', ['hustings.compliance.decision', CAUSE, 'retry']],
    ['the same text split differently', ['hustings.compliance', `decision${CAUSE}`]],
  ])('differs for %s', (_case, [namespace, ...parts]) => {
    expect(deterministicId(namespace, ...parts)).not.toBe(deterministicId('hustings.compliance.decision', CAUSE));
  });

  it('depends on the order of the parts', () => {
    expect(deterministicId('ns', 'a', 'b')).not.toBe(deterministicId('ns', 'b', 'a'));
  });

  it('does not collide over many distinct causes', () => {
    const ids = new Set(Array.from({ length: 10_000 }, (_, index) => deterministicId('ns', `cause-${index}`)));
    expect(ids.size).toBe(10_000);
  });
});
