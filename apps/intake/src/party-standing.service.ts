import { requestFactMetadata } from '#platform';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { committeeStreamId, type EventMetadata } from '#contracts';
import { filingObligations, prePollReportsOwed, weeklyReportingPeriods } from '#compliance-rules';
import {
  committeeDayOf,
  committeeFold,
  declareGeneralElectionPeriod,
  filingCommitteeOf,
  linkAccountingUnit,
  recordFiling,
  type AccountingUnitLinkInput,
  type CommitteeState,
  type FilingInput,
  type GeneralElectionPeriodInput,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import type { RequestContext } from './intake.service.js';

type Registered = CommitteeState & { status: 'registered' };

/**
 * A UK party's officer records, through the one command path, its general election period
 * (PPERA s.63(6)), a report delivered to the Commission (s.65), and an accounting unit of its
 * central organisation (s.26, s.27): facts on the committees' streams that the filing schedule
 * and the reports read.
 */
@Injectable()
export class PartyStandingService {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async declarePeriod(committeeId: string, input: GeneralElectionPeriodInput, ctx: RequestContext) {
    const { after, events } = await handleCommand(this.ledger, committeeStreamId(committeeId), committeeFold, (committee) =>
      declareGeneralElectionPeriod({ type: 'DeclareGeneralElectionPeriod', eventId: randomUUID(), metadata: metadataOf(ctx, committeeId), data: { committeeId, ...input, declaredBy: ctx.actor } }, committee),
    );
    const committee = after as Registered;
    const period = (committee.generalElectionPeriods ?? []).find((p) => p.periodId === input.periodId);
    if (!period) throw new Error(`period ${input.periodId} was not kept`);
    const owed = prePollReportsOwed(committee.jurisdiction, period);
    return { committeeId, recorded: events.length > 0, ...period, weeklyReportsOwed: owed.owed, ...(owed.owed ? {} : { why: owed.why }), weeklyReports: owed.owed ? weeklyReportingPeriods(period) : [] };
  }

  async recordFiling(committeeId: string, input: FilingInput, ctx: RequestContext) {
    const { after, events } = await handleCommand(this.ledger, committeeStreamId(committeeId), committeeFold, (committee) =>
      recordFiling({ type: 'RecordFiling', eventId: randomUUID(), metadata: metadataOf(ctx, committeeId), data: { committeeId, ...input, recordedBy: ctx.actor } }, committee),
    );
    const committee = after as Registered;
    const today = committeeDayOf(committee, ctx.now);
    const obligation = filingObligations(filingCommitteeOf(committee, today), today).find((o) => o.kind === input.kind && o.periodTo === input.periodTo);
    return { committeeId, recorded: events.length > 0, reference: input.reference, obligation };
  }

  /** The link on the central organisation's stream and the unit's, in one command (the unit's at the revision it was decided on). */
  async linkUnit(centralCommitteeId: string, input: AccountingUnitLinkInput, ctx: RequestContext) {
    const unitStream = committeeStreamId(input.unitCommitteeId);
    const { after, events } = await handleCommand(this.ledger, committeeStreamId(centralCommitteeId), committeeFold, async (central) => {
      const unit = await loadState(this.ledger, unitStream, committeeFold);
      const command = { type: 'LinkAccountingUnit' as const, eventId: randomUUID(), metadata: metadataOf(ctx, centralCommitteeId), data: { committeeId: centralCommitteeId, ...input, linkedBy: ctx.actor } };
      const linked = linkAccountingUnit(command, central, unit.state);
      if (linked.length === 0) return [];
      const [onCentral, onUnit] = linked;
      return { events: [onCentral], followUps: [{ streamId: unitStream, events: [onUnit], expected: unit.revision ?? 'no_stream' }] };
    });
    return { centralCommitteeId, unitCommitteeId: input.unitCommitteeId, recorded: events.length > 0, accountingUnits: (after as Registered).accountingUnits ?? [] };
  }
}

const metadataOf = (ctx: RequestContext, committeeId: string): EventMetadata => requestFactMetadata(ctx, committeeId);
