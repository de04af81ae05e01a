import { depositDeadline } from './deposit-deadline.rule.js';
import { rulePackInZone } from './rule-packs.js';

const NY = 'America/New_York';
const fecIn = (receivedAt: string, timeZone = NY) => rulePackInZone('US-FEC-CANDIDATE', receivedAt, timeZone);

describe('11 CFR 103.3(a): deposit within 10 days of receipt, on the committee local day', () => {
  it('given a cheque received on 1 March, then it is due by 11 March: deposited on the 11th is on time, on the 12th late', () => {
    const receivedAt = '2026-03-01T15:00:00.000Z';
    expect(depositDeadline(fecIn(receivedAt), receivedAt, '2026-03-11')).toMatchObject({ dueOn: '2026-03-11', late: false, citation: '11 CFR 103.3(a)' });
    expect(depositDeadline(fecIn(receivedAt), receivedAt, '2026-03-12')).toMatchObject({ dueOn: '2026-03-11', late: true });
  });

  it('given a gift at 23:30 in New York on the last day of March (03:30Z on 1 April), then the 10 days run from 31 March', () => {
    const receivedAt = '2026-04-01T03:30:00.000Z';
    expect(depositDeadline(fecIn(receivedAt), receivedAt, '2026-04-10')).toMatchObject({ dueOn: '2026-04-10', late: false });
    expect(depositDeadline(fecIn(receivedAt, 'UTC'), receivedAt, '2026-04-11')).toMatchObject({ dueOn: '2026-04-11', late: false });
  });

  it('given a gift received at 00:30Z on 1 March (19:30 on 28 February in New York), then it is due by 10 March', () => {
    const receivedAt = '2026-03-01T00:30:00.000Z';
    expect(depositDeadline(fecIn(receivedAt), receivedAt, '2026-03-11')).toMatchObject({ dueOn: '2026-03-10', late: true });
  });

  it('given a receipt on the day daylight saving starts (8 March 2026), then it is due by 18 March', () => {
    const receivedAt = '2026-03-09T03:59:00.000Z';
    expect(depositDeadline(fecIn(receivedAt), receivedAt, '2026-03-18')).toMatchObject({ dueOn: '2026-03-18', late: false });
  });

  it('given a UK pack, which sets no deposit period, then there is no deadline and nothing is late', () => {
    const receivedAt = '2026-03-01T15:00:00.000Z';
    const uk = rulePackInZone('UK-PPERA-PARTY', receivedAt, 'Europe/London');
    expect(depositDeadline(uk, receivedAt, '2026-06-01')).toEqual({ dueOn: null, late: false, citation: null, rulePackVersion: uk.version });
  });
});
