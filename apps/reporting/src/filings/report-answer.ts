import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { PersonalDataVault } from '#personal-data';
import { fail } from '#platform';
import { ledgerCutOf, stamped } from './ledger-cut.js';
import { ReportParamsError, ReportRunner, toCsv, type AsOfReads, type ReportOutput } from '#read-models';
import type { ReportFormat } from './report-params.js';

/** Runs a report on today's read models, or, given a ledger cut, on the ledger folded up to it. */
export async function answerReport(reads: AsOfReads, vault: PersonalDataVault | null, query: Record<string, unknown>, report: (runner: ReportRunner) => Promise<ReportOutput>): Promise<ReportOutput> {
  const cut = checked(() => ledgerCutOf(query));
  return stamped(await checkedAsync(() => reads.read(cut, (readModels: DataSource) => report(new ReportRunner(readModels, vault)))));
}

export function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ReportParamsError) fail('invalid_request', error.message);
    throw error;
  }
}

async function checkedAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ReportParamsError) fail('invalid_request', error.message);
    throw error;
  }
}

export function send(response: Response, format: ReportFormat, result: ReportOutput, name: string): unknown {
  // Reports carry personal data: never cached by a proxy or the browser.
  response.setHeader('cache-control', 'no-store');
  if (format === 'json') return result.json;
  if (format === 'file') {
    if (!result.file) fail('invalid_request', result.fileUnavailable ?? 'this report has no regulator\'s file: ask for format json or csv');
    response.setHeader('content-type', result.file.contentType);
    response.setHeader('content-disposition', `attachment; filename="${result.file.name}"`);
    return result.file.text;
  }
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return toCsv(result.table);
}
