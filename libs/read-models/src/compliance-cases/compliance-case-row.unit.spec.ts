import { ScenarioLedger } from '../reports/scenario.fixtures.spec.js';

/**
 * A compliance case as the remedies-due report reads it (issue 14, item 7): a flag's deadline
 * stays open until the committee acts on it, and the officer's approval (the donation then
 * accepted) meets it once, however often its facts are delivered.
 */
const flaggedCase = () =>
  new ScenarioLedger('uk-party', 'uk-spring', 'GBP')
    .received('d1', 'dA', '2026-12-01T10:00:00.000Z', 100_000)
    .flagged('d1', 'dA', '2026-12-01T10:00:01.000Z', [{ action: 'establish_permissibility_or_return', dueOn: '2026-12-30' }]);

const obligationsOf = (ledger: ScenarioLedger) => ledger.caseRows()[0].obligations.map((o) => [o.kind, o.metBy]);

describe('given a donation flagged because its donor\'s permissibility is not established', () => {
  it('then its deadline is open', () => {
    expect(obligationsOf(flaggedCase())).toEqual([['flag_deadline', null]]);
  });

  it('when an officer approves it and it is accepted, then the deadline is met by the acceptance', () => {
    expect(obligationsOf(flaggedCase().accepted('d1', 'dA', '2026-12-03T09:00:00.000Z', 100_000, null))).toEqual([['flag_deadline', 'DonationAccepted']]);
  });

  it('when the acceptance is delivered twice, then the case is the same as after once', () => {
    const once = flaggedCase().accepted('d1', 'dA', '2026-12-03T09:00:00.000Z', 100_000, null);
    const twice = new ScenarioLedger('uk-party', 'uk-spring', 'GBP');
    twice.events.push(...once.events, once.events[once.events.length - 1]);
    expect(twice.caseRows()).toEqual(once.caseRows());
  });

  it('when it is returned in full instead, then the deadline is met by the refund', () => {
    expect(obligationsOf(flaggedCase().refunded('d1', 'dA', '2026-12-03T09:00:00.000Z', 100_000))).toEqual([['flag_deadline', 'DonationRefunded']]);
  });
});

describe('given a donation accepted without a flag', () => {
  it('when it is accepted, then it has no obligation to meet', () => {
    const ledger = new ScenarioLedger('uk-party', 'uk-spring', 'GBP').received('d2', 'dB', '2026-12-01T10:00:00.000Z', 60_000).accepted('d2', 'dB', '2026-12-01T10:00:01.000Z', 60_000, null);
    expect(ledger.caseRows()[0].obligations).toEqual([]);
  });
});
