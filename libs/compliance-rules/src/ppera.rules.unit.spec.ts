import { dayInZone, dueOnInZone, yearInZone } from './calendar-zone.js';
import type { ContributionFacts, DonorStanding } from './contribution-verdict.js';
import { judgeContribution } from './contribution-verdict.js';
import { checkPermissibleDonor, type PperaDonor } from './ppera-permissible-donor.rule.js';
import { checkReporting } from './ppera-reporting.rule.js';
import { calendarYearKey, countedValueMinor } from './ppera-value.js';
import { rulePackFor } from './rule-packs.js';

const party2026 = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00Z');
const unit2026 = rulePackFor('UK-PPERA-ACCOUNTING-UNIT', '2026-03-01T12:00:00Z');
const party2023 = rulePackFor('UK-PPERA-PARTY', '2023-06-01T12:00:00Z');

const voter: PperaDonor = { donorId: 'dn_ann', type: 'individual', attestations: { onUkElectoralRegister: true }, registrationNumber: null };
const facts = (changes: Partial<ContributionFacts> = {}): ContributionFacts => ({
  amountMinor: 100_000n,
  method: 'card',
  donorId: 'dn_ann',
  donorType: 'individual',
  attestations: { onUkElectoralRegister: true },
  detailsGiven: null,
  registrationNumber: null,
  receivedAt: '2026-03-01T12:00:00.000Z',
  ...changes,
});
const inYear = (aggregateMinor: bigint): DonorStanding => ({ electionAggregateMinor: aggregateMinor, electionCashMinor: 0n, cycleAggregateMinor: aggregateMinor });

describe('PPERA s.54: permissible donors', () => {
  it.each<[string, Partial<PperaDonor>]>([
    ['an individual on a UK electoral register', {}],
    ['a UK company carrying on business in the UK', { type: 'company', attestations: { carriesOnBusinessInUk: true }, registrationNumber: '01234567' }],
    ['a registered party', { type: 'registered_party', attestations: {}, registrationNumber: 'PP52' }],
    ['a listed trade union', { type: 'trade_union', attestations: { listedTradeUnion: true } }],
    ['a building society', { type: 'building_society', attestations: {}, registrationNumber: '206080' }],
    ['an LLP carrying on business in the UK', { type: 'llp', attestations: { carriesOnBusinessInUk: true }, registrationNumber: 'OC301234' }],
    ['a friendly society', { type: 'friendly_society', attestations: {}, registrationNumber: '123F' }],
    ['a registered society', { type: 'registered_society', attestations: {}, registrationNumber: '1234R' }],
    ['an unincorporated association based in the UK', { type: 'unincorporated_association', attestations: { carriesOnBusinessInUk: true } }],
  ])('given %s, then it is permissible', (_, changes) => {
    expect(checkPermissibleDonor({ ...voter, ...changes })).toEqual({ outcome: 'permissible' });
  });

  it.each<[string, Partial<PperaDonor>, string]>([
    ['an anonymous donor', { donorId: 'anonymous-abc' }, 'ppera_unidentifiable_donor'],
    ['an individual not on a register', { attestations: { onUkElectoralRegister: false } }, 'ppera_impermissible_donor'],
    ['a company not carrying on business in the UK', { type: 'company', attestations: { carriesOnBusinessInUk: false }, registrationNumber: '01234567' }, 'ppera_impermissible_donor'],
    ['a trade union not on the list', { type: 'trade_union', attestations: { listedTradeUnion: false } }, 'ppera_impermissible_donor'],
    ['a donor of no kind s.54 lists', { type: 'other', attestations: { onUkElectoralRegister: true } }, 'ppera_impermissible_donor'],
  ])('given %s, then it is not', (_, changes, code) => {
    expect(checkPermissibleDonor({ ...voter, ...changes })).toMatchObject({ outcome: 'impermissible', code });
  });

  it.each<[string, Partial<PperaDonor>]>([
    ['an individual who did not say', { attestations: {} }],
    ['a company with no registration number', { type: 'company', attestations: { carriesOnBusinessInUk: true }, registrationNumber: null }],
    ['a company that did not say where it does business', { type: 'company', attestations: {}, registrationNumber: '01234567' }],
    ['a party with no registration number', { type: 'registered_party', attestations: {} }],
  ])('given %s, then permissibility is still to be established', (_, changes) => {
    expect(checkPermissibleDonor({ ...voter, ...changes })).toMatchObject({ outcome: 'not_established', code: 'ppera_permissibility_not_established' });
  });

  it('given a company that both lacks a number and denies UK business, then the denial decides', () => {
    expect(checkPermissibleDonor({ ...voter, type: 'company', attestations: { carriesOnBusinessInUk: false } })).toMatchObject({ outcome: 'impermissible' });
  });
});

describe('PPERA s.52(2): a donation of £500 or less is disregarded', () => {
  it('when £500.00 from anyone, then it is accepted and counts for nothing; £500.01 is a donation, checked and counted', () => {
    const anonymous = { donorId: 'anonymous-x', donorType: 'individual' as const, attestations: {} };
    expect(judgeContribution(party2026, facts({ ...anonymous, amountMinor: 50_000n }), inYear(0n))).toMatchObject({
      outcome: 'accept',
      acceptedMinor: 50_000n,
      aggregateAfterMinor: 0n,
      itemized: false,
      figures: { countedMinor: '0', permissibilityThresholdMinor: '50000' },
    });
    expect(judgeContribution(party2026, facts({ ...anonymous, amountMinor: 50_001n }), inYear(0n))).toMatchObject({
      outcome: 'return',
      code: 'ppera_unidentifiable_donor',
      returnDue: { action: 'return_to_transferor_or_pay_electoral_commission', dueOn: '2026-03-30' },
      ruleIds: ['ppera-permissible-donor'],
    });
    expect(judgeContribution(party2026, facts({ amountMinor: 50_001n }), inYear(0n))).toMatchObject({ outcome: 'accept', aggregateAfterMinor: 50_001n });
  });

  it('when an impermissible donor gives £500.01, then it is to be returned to them within 30 days; unattested, it is flagged with the same 30 days', () => {
    const notRegistered = facts({ amountMinor: 50_001n, attestations: { onUkElectoralRegister: false } });
    expect(judgeContribution(party2026, notRegistered, inYear(0n))).toMatchObject({ outcome: 'return', code: 'ppera_impermissible_donor', returnDue: { action: 'return_to_donor', dueOn: '2026-03-30' } });
    expect(judgeContribution(party2026, facts({ amountMinor: 50_001n, attestations: {} }), inYear(0n))).toMatchObject({
      outcome: 'flag',
      code: 'ppera_permissibility_not_established',
      deadlines: [{ action: 'establish_permissibility_or_return', dueOn: '2026-03-30' }],
    });
  });

  it('values a donation net of benefits: £520 with a £30 reward counts for nothing, £600 with £50 for £550', () => {
    expect(countedValueMinor({ keptMinor: 52_000n, benefitsMinor: 3_000n, disregardAtOrBelowMinor: 50_000n })).toBe(0n);
    expect(countedValueMinor({ keptMinor: 60_000n, benefitsMinor: 5_000n, disregardAtOrBelowMinor: 50_000n })).toBe(55_000n);
    expect(countedValueMinor({ keptMinor: 52_000n, benefitsMinor: 3_000n, disregardAtOrBelowMinor: null })).toBe(49_000n);
  });
});

describe('PPERA s.62: reporting marks', () => {
  it('at the central party: £11,180.00 in the year is not reportable, £11,180.01 is, single or aggregated', () => {
    expect(checkReporting(party2026, [], 1_118_000n)).toMatchObject({ applies: true, mark: null, thresholdMinor: 1_118_000n });
    expect(checkReporting(party2026, [], 1_118_001n)).toMatchObject({ mark: 'central_party_threshold' });
    expect(checkReporting(party2026, [1_000_000n], 118_000n)).toMatchObject({ mark: null });
    expect(checkReporting(party2026, [1_000_000n], 118_001n)).toMatchObject({ mark: 'central_party_threshold' });
  });

  it('from a source already past £11,180: a later £2,230.00 is not reportable, £2,230.01 is', () => {
    expect(checkReporting(party2026, [1_118_001n], 223_000n)).toMatchObject({ mark: null, subsequentThresholdMinor: 223_000n });
    expect(checkReporting(party2026, [1_118_001n], 223_001n)).toMatchObject({ mark: 'central_party_subsequent' });
  });

  it('at an accounting unit: £2,230.00 is not reportable, £2,230.01 is, and later ones over £2,230', () => {
    expect(checkReporting(unit2026, [], 223_000n)).toMatchObject({ mark: null, ruleId: 'ppera-accounting-unit-reporting' });
    expect(checkReporting(unit2026, [173_000n], 50_001n)).toMatchObject({ mark: 'accounting_unit_threshold' });
    expect(checkReporting(unit2026, [223_001n], 223_001n)).toMatchObject({ mark: 'accounting_unit_subsequent' });
    expect(checkReporting(unit2026, [223_001n], 100_000n)).toMatchObject({ mark: null });
  });

  it('s.62(6)(b): from a source already past £11,180, later donations are reported once they add up, since the last one recorded, to more than £2,230', () => {
    // £1,500 then £730.00: £2,230.00 since the last recorded, not over; £730.01 is.
    expect(checkReporting(party2026, [1_118_001n, 150_000n], 73_000n)).toMatchObject({ mark: null });
    expect(checkReporting(party2026, [1_118_001n, 150_000n], 73_001n)).toMatchObject({ mark: 'central_party_subsequent' });
    // Once recorded, the count starts again: £2,230.01 recorded, then £1,500 is not (yet).
    expect(checkReporting(party2026, [1_118_001n, 223_001n], 150_000n)).toMatchObject({ mark: null });
    // Disregarded gifts (counted as nothing) add nothing.
    expect(checkReporting(party2026, [1_118_001n, 0n, 150_000n], 73_000n)).toMatchObject({ mark: null });
  });

  it('s.62(4)(b): before the threshold, what is not yet recorded is the whole year', () => {
    expect(checkReporting(party2026, [500_000n, 500_000n], 118_000n)).toMatchObject({ mark: null });
    expect(checkReporting(party2026, [500_000n, 500_000n], 118_001n)).toMatchObject({ mark: 'central_party_threshold' });
  });

  it('marks the decision with the rules, pack version figures and the mark', () => {
    expect(judgeContribution(party2026, facts({ amountMinor: 200_000n }), inYear(1_000_000n))).toEqual({
      outcome: 'accept',
      acceptedMinor: 200_000n,
      excessMinor: 0n,
      aggregateAfterMinor: 1_200_000n,
      itemized: true,
      excessRemedy: null,
      bestEffortsRequest: null,
      ruleIds: ['ppera-permissible-donor', 'ppera-central-party-reporting'],
      figures: {
        amountMinor: '200000',
        permissibilityThresholdMinor: '50000',
        calendarYear: '2026',
        countedMinor: '200000',
        aggregateBeforeMinor: '1000000',
        aggregateAfterMinor: '1200000',
        reportingThresholdMinor: '1118000',
        subsequentReportingThresholdMinor: '223000',
        reportingMark: 'central_party_threshold',
      },
    });
  });
});

describe('PPERA in UK time and in two effective periods', () => {
  it('reads the year of a donation in UK time: 23:30 UTC on 31 December is still that year', () => {
    expect(yearInZone('2025-12-31T23:30:00Z', 'Europe/London')).toBe(2025);
    expect(yearInZone('2026-01-01T00:00:00Z', 'Europe/London')).toBe(2026);
    // 00:30 in Paris on 1 January is 23:30 in London on 31 December.
    expect(yearInZone('2026-01-01T00:30:00+01:00', 'Europe/London')).toBe(2025);
    expect(calendarYearKey(party2026, '2025-12-31T23:59:59.999Z')).toBe('calendar-year-2025');
  });

  it('counts days in BST: 23:30 UTC on 30 June is 1 July, and 30 days run from it', () => {
    expect(dayInZone('2026-06-30T23:30:00Z', 'Europe/London')).toBe('2026-07-01');
    expect(dayInZone('2026-06-30T22:59:59Z', 'Europe/London')).toBe('2026-06-30');
    expect(dueOnInZone('2026-06-30T23:30:00Z', 30, 'Europe/London')).toBe('2026-07-31');
    expect(dayInZone('2026-06-30T23:30:00', 'Europe/London')).toBeNull();
  });

  it('decides a £9,000 gift under the figures of its day: reportable on 31 December 2023 (£7,500), not on 1 January 2024 (£11,180)', () => {
    expect(party2023.version).toBe('UK-PPERA-PARTY/2010');
    const at = (receivedAt: string) => judgeContribution(rulePackFor('UK-PPERA-PARTY', receivedAt), facts({ amountMinor: 900_000n, receivedAt }), inYear(0n));
    expect(at('2023-12-31T23:59:59Z')).toMatchObject({ itemized: true, figures: { reportingThresholdMinor: '750000', reportingMark: 'central_party_threshold' } });
    expect(at('2024-01-01T00:00:00Z')).toMatchObject({ itemized: false, figures: { reportingThresholdMinor: '1118000' } });
  });

  it('picks a pack changed mid-year by the UK day of receipt: a change from 1 July applies at 23:30 UTC on 30 June', () => {
    const [before, after] = [
      { ...party2026, version: 'test/h1', effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30' },
      { ...party2026, version: 'test/h2', effectiveFrom: '2026-07-01', effectiveTo: null },
    ];
    expect(rulePackFor('UK-PPERA-PARTY', '2026-06-30T22:59:59Z', [before, after]).version).toBe('test/h1');
    expect(rulePackFor('UK-PPERA-PARTY', '2026-06-30T23:30:00Z', [before, after]).version).toBe('test/h2');
  });
});
