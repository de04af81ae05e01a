import { ReportParamsError } from '#read-models';
import { formatOf, reportParamsOf } from './report-params.js';

const NOW = '2026-12-05T00:00:00.000Z';
const quarter = { from: '2026-04-01T00:00:00Z', to: '2026-07-01T00:00:00Z' };

describe('the parameters of a filing', () => {
  it('given a Form 3 report with its filer and treasurer, then the period, filer, signer and optional day and code are read', () => {
    expect(reportParamsOf('fec-report', { ...quarter, filerCommitteeId: 'C00123456', treasurerName: 'Jane Q. Treasurer', signedOn: '2026-07-15', reportCode: 'Q2' }, NOW)).toEqual({
      from: '2026-04-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z', filerCommitteeId: 'C00123456', treasurerName: 'Jane Q. Treasurer', signedOn: '2026-07-15', reportCode: 'Q2',
    });
  });

  it.each([
    [{ ...quarter, treasurerName: 'Jane Treasurer' }, /filerCommitteeId is required/],
    [{ ...quarter, filerCommitteeId: 'C00123456' }, /treasurerName/],
    [{ ...quarter, filerCommitteeId: 'C00123456', treasurerName: 'Cher' }, /first and last name/],
    [{ ...quarter, filerCommitteeId: 'C00123456', treasurerName: 'Jane Treasurer', signedOn: '15/07/2026' }, /signedOn/],
    [{ ...quarter, filerCommitteeId: 'C00123456', treasurerName: 'Jane Treasurer', reportCode: 'quarterly' }, /reportCode/],
    [{ ...quarter, filerCommitteeId: '123', treasurerName: 'Jane Treasurer' }, /filerCommitteeId must be/],
  ])('given %j, then the report is refused with the reason', (query, reason) => {
    expect(() => reportParamsOf('fec-report', query, NOW)).toThrow(ReportParamsError);
    expect(() => reportParamsOf('fec-report', query, NOW)).toThrow(reason);
  });

  it('given 48-hour notices, then the election, filer and signer are optional and checked when given', () => {
    expect(reportParamsOf('fec-48-hour-notices', {}, NOW)).toEqual({ filerCommitteeId: undefined, electionId: undefined });
    expect(reportParamsOf('fec-48-hour-notices', { electionId: 'general-2026', filerCommitteeId: 'C00123456', treasurerName: 'Jane Treasurer' }, NOW)).toMatchObject({ electionId: 'general-2026', treasurerName: 'Jane Treasurer' });
    expect(() => reportParamsOf('fec-48-hour-notices', { electionId: 'no such/election' }, NOW)).toThrow(/electionId/);
  });

  it('given format=file, then the regulator\'s file is asked for; another format is refused', () => {
    expect(formatOf({ format: 'file' }, undefined)).toBe('file');
    expect(() => formatOf({ format: 'fec' }, undefined)).toThrow(/json, csv or file/);
  });
});
