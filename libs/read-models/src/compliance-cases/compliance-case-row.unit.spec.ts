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

describe('PPERA s.56(2): given an impermissible donation refused with its return required', () => {
  const refused = () => {
    const l = new ScenarioLedger('uk-party', 'uk-spring', 'GBP').received('d3', 'dC', '2026-06-15T23:01:00.000Z', 60_000, { type: 'company' }).rejected('d3', 'dC', '2026-06-15T23:01:01.000Z', 'ppera_impermissible_donor');
    return l.returnRequired('d3', 'dC', '2026-06-15T23:01:01.000Z', 60_000, 'ppera_impermissible_donor', 'return_to_donor', '2026-07-15');
  };

  it('then the return is an open obligation due on the 30th day beginning with receipt', () => {
    expect(refused().caseRows()[0].obligations).toEqual([{ kind: 'return_required', action: 'return_to_donor', dueOn: '2026-07-15', amountMinor: 60_000n, options: ['ppera_impermissible_donor'], metBy: null }]);
  });

  it('when the money goes back in full, then the return is met by the refund', () => {
    expect(obligationsOf(refused().refunded('d3', 'dC', '2026-06-20T09:00:00.000Z', 60_000))).toEqual([['return_required', 'DonationRefunded']]);
  });

  it('when it was flagged first and the officer refused it, then only the flag\'s deadline is listed, once', () => {
    const l = flaggedCase().rejected('d1', 'dA', '2026-12-03T09:00:00.000Z', 'ppera_permissibility_not_established');
    l.returnRequired('d1', 'dA', '2026-12-03T09:00:00.000Z', 100_000, 'ppera_permissibility_not_established', 'return_to_donor', '2026-12-30');
    expect(obligationsOf(l)).toEqual([['flag_deadline', null]]);
  });
});
