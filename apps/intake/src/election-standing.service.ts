import { requestFactMetadata } from '#platform';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { committeeStreamId, type EventMetadata } from '#contracts';
import { committeeFold, endCandidacy, recordNetDebts, type CandidacyEndInput, type CommitteeState, type NetDebtsInput } from '#domain';
import { handleCommand, LEDGER_STORE, type LedgerStore } from '#ledger';
import type { RequestContext } from './intake.service.js';

type Registered = CommitteeState & { status: 'registered' };

/** An election's standing as the answer gives it: amounts as JSON integers of minor units. */
export interface ElectionStandingAnswer {
  committeeId: string;
  electionId: string;
  recorded: boolean;
  netDebts: { recordedMinor: number; asOf: string; remainingMinor: number } | null;
  candidacyEnded: { cause: string; endedOn: string } | null;
}

/** An officer's records about one of the committee's elections, each through the one command path onto the committee's stream. */
@Injectable()
export class ElectionStandingService {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async recordNetDebts(committeeId: string, electionId: string, input: NetDebtsInput, ctx: RequestContext): Promise<ElectionStandingAnswer> {
    const { after, events } = await handleCommand(this.ledger, committeeStreamId(committeeId), committeeFold, (committee) =>
      recordNetDebts({ type: 'RecordNetDebts', eventId: randomUUID(), metadata: metadataOf(ctx, committeeId), data: { committeeId, electionId, ...input, recordedBy: ctx.actor } }, committee),
    );
    return standingOf(after as Registered, electionId, events.length > 0);
  }

  async endCandidacy(committeeId: string, electionId: string, input: CandidacyEndInput, ctx: RequestContext): Promise<ElectionStandingAnswer> {
    const { after, events } = await handleCommand(this.ledger, committeeStreamId(committeeId), committeeFold, (committee) =>
      endCandidacy({ type: 'EndCandidacy', eventId: randomUUID(), metadata: metadataOf(ctx, committeeId), data: { committeeId, electionId, ...input, recordedBy: ctx.actor } }, committee),
    );
    return standingOf(after as Registered, electionId, events.length > 0);
  }
}

const metadataOf = (ctx: RequestContext, committeeId: string): EventMetadata => requestFactMetadata(ctx, committeeId);

/** What the committee records of one election, for an answer or a read of the committee. */
export function standingOf(committee: Registered, electionId: string, recorded: boolean): ElectionStandingAnswer {
  const debts = committee.netDebts?.[electionId];
  return {
    committeeId: committee.committeeId,
    electionId,
    recorded,
    netDebts: debts ? { recordedMinor: Number(debts.recordedMinor), asOf: debts.asOf, remainingMinor: Number(debts.remainingMinor) } : null,
    candidacyEnded: committee.candidacyEnded?.[electionId] ?? null,
  };
}

/**
 * A committee as a read answers it: its elections' recorded net debts as JSON integers (the
 * state holds bigints, which JSON cannot carry), each election's standing beside it.
 */
export function committeeView(committee: Registered) {
  const { status: _status, netDebts, candidacyEnded: _ended, ...rest } = committee;
  if (netDebts === undefined && committee.candidacyEnded === undefined) return rest;
  const standings = committee.elections.map((e) => standingOf(committee, e.electionId, false)).filter((s) => s.netDebts !== null || s.candidacyEnded !== null);
  return { ...rest, electionStandings: standings.map(({ committeeId: _c, recorded: _r, ...s }) => s) };
}
