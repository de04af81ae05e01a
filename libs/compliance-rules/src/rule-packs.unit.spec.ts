import { RULE_IDS } from './rule-ids.js';
import { amountOf, daysOf, NoRulePackError, RULE_PACKS, rulePackFor, type RulePack } from './rule-packs.js';

const versionOn = (jurisdiction: RulePack['jurisdiction'], at: string): string => rulePackFor(jurisdiction, at).version;

const refusal = (run: () => unknown): NoRulePackError => {
  try {
    run();
  } catch (error) {
    if (error instanceof NoRulePackError) return error;
    throw error;
  }
  throw new Error('expected NoRulePackError');
};

describe('RULE_PACKS', () => {
  const fec = RULE_PACKS.filter((p) => p.jurisdiction === 'US-FEC-CANDIDATE');

  it('holds the FEC per-election individual limits in cents: $3,300 for 2023-24, $3,500 for 2025-26', () => {
    expect(fec.map((p) => [p.version, p.effectiveFrom, p.effectiveTo, p.currency, amountOf(p, 'individualLimitPerElection')])).toEqual([
      ['US-FEC-CANDIDATE/2023-2024', '2023-01-01', '2024-12-31', 'USD', 330_000n],
      ['US-FEC-CANDIDATE/2025-2026', '2025-01-01', '2026-12-31', 'USD', 350_000n],
    ]);
  });

  it('holds in both FEC packs the cash limit $100, the anonymous limit $50 and the itemization threshold $200', () => {
    for (const pack of fec) {
      expect([amountOf(pack, 'cashLimit'), amountOf(pack, 'anonymousLimit'), amountOf(pack, 'itemizationThreshold')]).toEqual([10_000n, 5_000n, 20_000n]);
    }
  });

  it('holds the FEC clocks in days: 60 to remedy an excess, 10 and 30 for a questionable source, 30 for best efforts', () => {
    for (const pack of fec) {
      expect([daysOf(pack, 'excessRemedy'), daysOf(pack, 'questionableDeposit'), daysOf(pack, 'questionableEvidence'), daysOf(pack, 'bestEffortsRequest')]).toEqual([
        60, 10, 30, 30,
      ]);
    }
  });

  it('puts every FEC rule in force, in the order they are checked', () => {
    const ppera = [RULE_IDS.pperaPermissibleDonor, RULE_IDS.pperaCentralReporting, RULE_IDS.pperaAccountingUnitReporting] as string[];
    for (const pack of fec) expect(pack.rules).toEqual(Object.values(RULE_IDS).filter((id) => !ppera.includes(id)));
  });

  it('dates every figure, and each is in force over the whole of every pack that holds it', () => {
    for (const pack of RULE_PACKS) {
      for (const figure of [...Object.values(pack.amounts), ...Object.values(pack.periods)]) {
        expect(figure.citation).not.toBe('');
        expect(figure.effectiveFrom <= pack.effectiveFrom).toBe(true);
        if (figure.effectiveTo !== null) expect(pack.effectiveTo !== null && pack.effectiveTo <= figure.effectiveTo).toBe(true);
      }
    }
    expect(fec.map((p) => p.amounts.individualLimitPerElection)).toEqual([
      expect.objectContaining({ effectiveFrom: '2023-01-01', effectiveTo: '2024-12-31' }),
      expect.objectContaining({ effectiveFrom: '2025-01-01', effectiveTo: '2026-12-31' }),
    ]);
  });

  it('holds the PPERA figures in pence for a party and for an accounting unit: £500, £7,500 and £1,500 to 2023, £11,180 and £2,230 from 2024', () => {
    const uk = RULE_PACKS.filter((p) => p.jurisdiction.startsWith('UK-PPERA'));
    const figures = (p: RulePack) => [p.version, p.effectiveFrom, p.effectiveTo, p.timeZone, p.currency, amountOf(p, 'permissibilityThreshold'), amountOf(p, 'reportingThreshold'), amountOf(p, 'subsequentReportingThreshold'), daysOf(p, 'impermissibleReturn')];
    expect(uk.map(figures)).toEqual([
      ['UK-PPERA-PARTY/2010', '2010-01-01', '2023-12-31', 'Europe/London', 'GBP', 50_000n, 750_000n, 150_000n, 30],
      ['UK-PPERA-PARTY/2024', '2024-01-01', null, 'Europe/London', 'GBP', 50_000n, 1_118_000n, 223_000n, 30],
      ['UK-PPERA-ACCOUNTING-UNIT/2010', '2010-01-01', '2023-12-31', 'Europe/London', 'GBP', 50_000n, 150_000n, 150_000n, 30],
      ['UK-PPERA-ACCOUNTING-UNIT/2024', '2024-01-01', null, 'Europe/London', 'GBP', 50_000n, 223_000n, 223_000n, 30],
    ]);
    expect(uk.map((p) => p.rules)).toEqual([
      ['ppera-permissible-donor', 'ppera-central-party-reporting'],
      ['ppera-permissible-donor', 'ppera-central-party-reporting'],
      ['ppera-permissible-donor', 'ppera-accounting-unit-reporting'],
      ['ppera-permissible-donor', 'ppera-accounting-unit-reporting'],
    ]);
    expect(uk[1].amounts.reportingThreshold?.citation).toContain('PPERA 2000 s.62');
    expect(uk[1].amounts.permissibilityThreshold?.citation).toContain('s.54');
    expect(uk[1].periods.impermissibleReturn?.citation).toContain('s.56');
    expect(amountOf(uk[0], 'individualLimitPerElection')).toBeNull();
    expect(() => daysOf(uk[0], 'excessRemedy')).toThrow('rule pack UK-PPERA-PARTY/2010 sets no excessRemedy period');
  });

  it('cannot be changed at run time, down to its figures', () => {
    expect(Object.isFrozen(RULE_PACKS)).toBe(true);
    for (const pack of RULE_PACKS) {
      expect([Object.isFrozen(pack), Object.isFrozen(pack.rules), Object.isFrozen(pack.amounts), Object.isFrozen(pack.periods)]).toEqual([true, true, true, true]);
      Object.values(pack.amounts).forEach((figure) => expect(Object.isFrozen(figure)).toBe(true));
    }
  });
});

describe('rulePackFor', () => {
  describe('US FEC, by the UTC day of the instant', () => {
    it.each([
      ['2023-01-01T00:00:00.000Z', 'US-FEC-CANDIDATE/2023-2024'],
      ['2024-12-31T23:59:59.999Z', 'US-FEC-CANDIDATE/2023-2024'],
      ['2025-01-01T00:00:00.000Z', 'US-FEC-CANDIDATE/2025-2026'],
      ['2026-03-01T12:00:00.000Z', 'US-FEC-CANDIDATE/2025-2026'],
      ['2026-12-31T23:59:59.999Z', 'US-FEC-CANDIDATE/2025-2026'],
      ['2026-12-31', 'US-FEC-CANDIDATE/2025-2026'],
    ])('on %s picks %s', (at, version) => {
      expect(versionOn('US-FEC-CANDIDATE', at)).toBe(version);
    });

    it('reads an instant written with an offset as the UTC day it falls on', () => {
      // 19:00 in New York on New Year's Eve is already 1 January 2025 in UTC.
      expect(versionOn('US-FEC-CANDIDATE', '2024-12-31T19:00:00-05:00')).toBe('US-FEC-CANDIDATE/2025-2026');
      // 00:30 in Paris on New Year's Day is still 31 December 2024 in UTC.
      expect(versionOn('US-FEC-CANDIDATE', '2025-01-01T00:30:00+01:00')).toBe('US-FEC-CANDIDATE/2023-2024');
    });

    it('refuses a day before the first pack and after the last one', () => {
      const before = refusal(() => rulePackFor('US-FEC-CANDIDATE', '2022-12-31T23:59:59.999Z'));
      expect([before.code, before.message]).toEqual(['no_rule_pack_in_force', 'no US-FEC-CANDIDATE rule pack is in force on 2022-12-31']);
      const after = refusal(() => rulePackFor('US-FEC-CANDIDATE', '2027-01-01T00:00:00.000Z'));
      expect(after.message).toBe('no US-FEC-CANDIDATE rule pack is in force on 2027-01-01');
    });
  });

  describe('UK PPERA', () => {
    it('picks the open-ended pack from its first day on', () => {
      expect(versionOn('UK-PPERA-PARTY', '2023-12-31T23:59:59.999Z')).toBe('UK-PPERA-PARTY/2010');
      expect(versionOn('UK-PPERA-PARTY', '2024-01-01T00:00:00.000Z')).toBe('UK-PPERA-PARTY/2024');
      expect(versionOn('UK-PPERA-ACCOUNTING-UNIT', '2024-01-01T00:00:00.000Z')).toBe('UK-PPERA-ACCOUNTING-UNIT/2024');
      expect(versionOn('UK-PPERA-PARTY', '2099-06-30T10:00:00.000Z')).toBe('UK-PPERA-PARTY/2024');
    });

    it('refuses a day before it, never borrowing another jurisdiction pack', () => {
      const error = refusal(() => rulePackFor('UK-PPERA-PARTY', '2009-12-31T23:59:59.999Z'));
      expect(error.message).toBe('no UK-PPERA-PARTY rule pack is in force on 2009-12-31');
    });
  });

  it('refuses an instant without a time zone, whose day would depend on the machine running it', () => {
    expect(refusal(() => rulePackFor('US-FEC-CANDIDATE', '2025-06-01T12:00:00')).message).toBe(
      'no US-FEC-CANDIDATE rule pack is in force on 2025-06-01T12:00:00',
    );
    expect(refusal(() => rulePackFor('US-FEC-CANDIDATE', 'yesterday')).code).toBe('no_rule_pack_in_force');
  });

  it('chooses among the packs it is given, so a replay can supply its own history', () => {
    const packs: RulePack[] = [
      { ...RULE_PACKS[1], version: 'test/a', effectiveFrom: '2030-01-01', effectiveTo: '2030-06-30' },
      { ...RULE_PACKS[1], version: 'test/b', effectiveFrom: '2030-07-01', effectiveTo: null },
    ];
    expect(rulePackFor('US-FEC-CANDIDATE', '2030-06-30T23:59:59Z', packs).version).toBe('test/a');
    expect(rulePackFor('US-FEC-CANDIDATE', '2030-07-01T00:00:00Z', packs).version).toBe('test/b');
    expect(() => rulePackFor('UK-PPERA-PARTY', '2030-07-01T00:00:00Z', packs)).toThrow(NoRulePackError);
  });
});
