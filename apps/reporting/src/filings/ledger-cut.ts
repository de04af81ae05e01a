import { asOfOf, type AsOf } from '#domain';
import { ReportParamsError, type AsOfStamp, type ReportOutput } from '#read-models';

const BARE_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The ledger cut a filing is asked for: `asOf` (an instant) or `asOfPosition`, as for the
 * campaign totals. A bare day in `asOf` is not a cut: remedies-due and review-queue read it as
 * the day overdue is judged against, on today's books; an instant is both the cut and that day.
 */
export function ledgerCutOf(query: Record<string, unknown>): AsOf | null {
  const asOf = typeof query.asOf === 'string' && BARE_DAY.test(query.asOf) ? undefined : query.asOf;
  const cut = asOfOf(asOf, query.asOfPosition);
  if (cut !== null && 'problem' in cut) throw new ReportParamsError(cut.problem);
  return cut;
}

/**
 * A report answered from the folded ledger says so in its JSON (`ledgerCut`: the cut asked for
 * and the last ledger position it holds); its CSV stays the filing's own layout.
 */
export function stamped(result: ReportOutput | (ReportOutput & AsOfStamp)): ReportOutput {
  if (!('asOf' in result)) return result;
  const json = result.json !== null && typeof result.json === 'object' && !Array.isArray(result.json) ? { ...result.json, ledgerCut: result.asOf } : result.json;
  // The regulator's file stays as it is: the same cut gives the same bytes.
  return { json, table: result.table, ...(result.file ? { file: result.file } : {}), ...(result.fileUnavailable ? { fileUnavailable: result.fileUnavailable } : {}) };
}
