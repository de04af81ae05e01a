import { readinessOf, requiredDependencies, type DependencyCheck } from './readiness.js';

const up = (name: DependencyCheck['name']): DependencyCheck => ({ name, status: 'up' });
const down = (name: DependencyCheck['name']): DependencyCheck => ({ name, status: 'down', error: 'connect ECONNREFUSED' });

describe('readiness', () => {
  describe('given intake alone (it appends to the ledger; the relay catches the broker up later)', () => {
    it('when the broker is down, then it is still ready, and the bus check says it does not gate readiness', () => {
      expect(readinessOf(['intake'], [up('ledger'), down('bus'), up('database')], false)).toEqual({
        ready: true,
        checks: [up('ledger'), { ...down('bus'), gatesReadiness: false }, up('database')],
      });
    });
    it('when the ledger or the database is down, then it is not ready', () => {
      expect(readinessOf(['intake'], [down('ledger'), up('bus'), up('database')], false).ready).toBe(false);
      expect(readinessOf(['intake'], [up('ledger'), up('bus'), down('database')], false).ready).toBe(false);
    });
    it('when draining, then it is not ready whatever answers', () => {
      expect(readinessOf(['intake'], [up('ledger'), up('bus'), up('database')], true).ready).toBe(false);
    });
  });

  describe('given a consumer (compliance, rewards, reporting), alone or beside intake', () => {
    it.each([[['compliance']], [['reporting']], [['intake', 'compliance', 'rewards', 'reporting']]] as const)('when the broker is down, then %j is not ready', (apps) => {
      expect(readinessOf(apps, [up('ledger'), down('bus'), up('database')], false)).toEqual({ ready: false, checks: [up('ledger'), down('bus'), up('database')] });
    });
    it('when all answer, then it is ready', () => {
      expect(readinessOf(['rewards'], [up('ledger'), up('bus'), up('database')], false).ready).toBe(true);
    });
  });

  it('names the ledger and the database for every app, the bus only for consumers', () => {
    expect([...requiredDependencies(['intake'])].sort()).toEqual(['database', 'ledger']);
    expect([...requiredDependencies(['compliance'])].sort()).toEqual(['bus', 'database', 'ledger']);
  });
});
