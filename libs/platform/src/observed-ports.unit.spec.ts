import type { NewEvent } from '#contracts';
import type { AppendRequest, AppendResult, LedgerStore } from '#ledger';
import type { EventBus } from '#messaging';
import { Metrics } from './metrics.js';
import { observedBus, observedLedger } from './observed-ports.js';

const event = (type: string, payload: Record<string, unknown> = {}): NewEvent => ({ type, payload }) as unknown as NewEvent;
const result = (duplicate = false): AppendResult => ({ nextExpectedRevision: 0, position: 1, duplicate });

async function value(metrics: Metrics, name: string): Promise<string> {
  return (await metrics.registry.getSingleMetricAsString(name)).split('\n').filter((line) => !line.startsWith('#')).join('\n');
}

describe('the ledger and the bus, observed', () => {
  it('given appends of decisions, then their latency is timed and each decision counted by outcome and reason, a duplicate not again', async () => {
    const metrics = new Metrics();
    const duplicates = [false, true];
    const ledger = {
      append: async () => result(),
      appendMany: async (requests: AppendRequest[]) => requests.map(() => result(duplicates.shift())),
      headPosition: async () => 7,
    } as unknown as LedgerStore;
    const observed = observedLedger(ledger, metrics);
    await observed.append('donation-1', [event('DonationAccepted'), event('Other')], 'any');
    await observed.appendMany([
      { streamId: 'donation-2', events: [event('DonationRejected', { code: 'donor_exceeds_election_limit' })], expected: 'any' },
      { streamId: 'donation-3', events: [event('DonationRejected', { code: 'donor_exceeds_election_limit' })], expected: 'any' },
    ]);
    expect(await value(metrics, 'hustings_decisions_total')).toBe(
      ['hustings_decisions_total{outcome="accepted",reason="within_rules"} 1', 'hustings_decisions_total{outcome="rejected",reason="donor_exceeds_election_limit"} 1'].join('\n'),
    );
    expect(await value(metrics, 'hustings_ledger_append_duration_seconds')).toMatch(/_count\{operation="append"\} 1[\s\S]*_count\{operation="appendMany"\} 1/);
    expect(await observed.headPosition()).toBe(7);
  });

  it('given a publish, then its latency is timed, a failing one too', async () => {
    const metrics = new Metrics();
    let fail = false;
    const bus = { publish: async () => (fail ? Promise.reject(new Error('broker away')) : undefined) } as unknown as EventBus;
    const observed = observedBus(bus, metrics);
    await observed.publish([]);
    fail = true;
    await expect(observed.publish([])).rejects.toThrow('broker away');
    expect(await value(metrics, 'hustings_produce_duration_seconds')).toMatch(/hustings_produce_duration_seconds_count 2/);
  });

  it('given a fresh process, then dead letters, signature failures, pools and build info have series before anything happens', async () => {
    const metrics = new Metrics();
    metrics.zeroSeriesOf('compliance', ['hustings.donations.v1']);
    metrics.watchPools({ ledger: { totalCount: 5, idleCount: 2, waitingCount: 1 } });
    metrics.buildInfo.set({ version: '0.1.0', node: 'v20', apps: 'intake' }, 1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('hustings_dead_letters_total{group="compliance",topic="hustings.donations.v1"} 0');
    expect(text).toContain('hustings_webhook_signature_failures_total{code="webhook_signature_invalid"} 0');
    expect(text).toContain('hustings_db_pool_connections_in_use{pool="ledger"} 3');
    expect(text).toContain('hustings_db_pool_waiting{pool="ledger"} 1');
    expect(text).toContain('hustings_build_info{version="0.1.0",node="v20",apps="intake"} 1');
  });
});
