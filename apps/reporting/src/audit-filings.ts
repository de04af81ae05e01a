import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { conduitStreamId } from '#contracts';
import { evolveConduit, initialConduitState } from '#domain';
import { LEDGER_STORE, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '#personal-data';
import { fail, READ_MODELS } from '#platform';
import { AsOfReads, isCommitteeReport, ReportRunner, type ReportCommittee } from '#read-models';
import type { AuditPeriod } from './audit-request.js';
import { ConduitLookupService } from './conduit-lookup.js';
import { answerReport } from './filings/report-answer.js';
import { reportParamsOf } from './filings/report-params.js';

type Query = Record<string, unknown>;

/** `filing=a&filing=b` or `filing=a,b`: the reports whose regulator's files the bundle carries. */
export function filingsAsked(query: Query): string[] {
  const raw = query.filing;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (!values.every((v): v is string => typeof v === 'string')) fail('invalid_request', 'filing must name reports');
  return [...new Set(values.flatMap((v) => v.split(',')).filter(Boolean))];
}

/**
 * The filings an audit bundle carries, byte for byte as the report endpoint and the CLI give
 * them: each report asked for by name in `filing`, run with the query's own parameters (the
 * bundle's period is the report's `from` and `to`; a quarter's `year` and `quarter`; the
 * treasurer and FEC id of a .fec file), and a conduit's earmark report with its reconciliation.
 */
@Injectable()
export class AuditFilings {
  private readonly vault: PersonalDataVault | null;

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly reads: AsOfReads,
    private readonly conduits: ConduitLookupService,
    @Optional() @Inject(PERSONAL_DATA_VAULT) vault: PersonalDataVault | null,
  ) {
    this.vault = vault ?? null;
  }

  async of(committee: ReportCommittee, period: AuditPeriod, query: Query, disclose: boolean): Promise<Record<string, string>> {
    const filings: Record<string, string> = { ...(await this.conduitFilings(committee.committeeId, period)) };
    for (const report of filingsAsked(query)) {
      if (!isCommitteeReport(report)) fail('invalid_request', `filing ${report} is not a report`);
      const params = reportParamsOf(report, query, new Date().toISOString());
      const result = await answerReport(this.reads, this.vault, query, (runner) => runner.committeeReport(committee, report, params, disclose), this.conduits.lookup);
      if (!result.file) fail('invalid_request', `filing ${report}: ${result.fileUnavailable ?? 'this report has no regulator\'s file'}`);
      if (result.file.name in filings) fail('invalid_request', `two filings are named ${result.file.name}`);
      filings[result.file.name] = result.file.text;
    }
    return filings;
  }

  /**
   * A conduit's bundle carries its earmark report of the period with the reconciliation against
   * its recipients' books (`reconciliation.ok`), digested like any filing; other committees' none.
   * Donors stay withheld: the ledger's events in the bundle are what an auditor verifies.
   */
  private async conduitFilings(committeeId: string, period: AuditPeriod): Promise<Record<string, string>> {
    const [conduit] = await loadStreams(this.ledger, [streamLoad(conduitStreamId(committeeId), { evolve: evolveConduit, initialState: initialConduitState })]);
    if (conduit.state.status !== 'registered') return {};
    const { fecId, name, recipients } = conduit.state;
    const filer = { committeeId, fecId, name, recipients: new Map([...recipients.values()].map((r) => [r.recipientCommitteeId, { name: r.name, fecId: r.fecId }])) };
    const report = await new ReportRunner(this.readModels, null, this.conduits.lookup).conduitEarmarks(filer, period, false);
    return { 'conduit-earmarks.json': `${JSON.stringify(report.json, null, 2)}\n` };
  }
}
