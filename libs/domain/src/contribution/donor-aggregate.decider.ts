import {
  parseMinor,
  type BestEffortsRequestOpened,
  type ContributionCounted,
  type DonationAccepted,
  type DonationEvent,
  type DonationFlagged,
  type DonationReceivedV4,
  type DonationRejected,
  type DonationReturnRequired,
  type DonorAggregateEvent,
  type DonorIdentitiesLinked,
  type DonorIdentitiesUnlinked,
  type EventMetadata,
  type ExcessiveContributionHeld,
  type NetDebtsContributionApplied,
} from '#contracts';
import { bestEffortsRequestFor, detailsAskedOf, excessRemedyFor, judgeContribution, lawOf, refundForEndedCandidacy, RULE_IDS, type DonorStanding, type RulePack } from '#compliance-rules';
import {
  acceptedEvent,
  bestEffortsEvent,
  countedEvent,
  flaggedEvent,
  heldEvent,
  netDebtsAppliedEvent,
  partnerCountedEvent,
  rejectedEvent,
  returnRequiredEvent,
  type CountedFigures,
  type DecisionContext,
} from './contribution-decision-events.js';
import { aggregationKeyOf, countedValueOf, type CountedContribution } from './donor-aggregate.values.js';
import { PersistentMap } from '../shared/persistent-map.js';
import { assertNever } from '../shared/rejection.js';
import type { Fold, SnapshotCodec } from '../shared/fold.js';
import { fromSnapshotJson, isBigint, isMapOf, isRecord, toSnapshotJson } from '../shared/snapshot-json.js';
import { countedFromTable, countedToTable } from './counted-table.js';

/** A donor's counted contributions to one committee, per election. */
export interface DonorAggregateState {
  byElection: Map<string, bigint>;
  /** The part of `byElection` paid in currency: cash has a limit of its own. */
  cashByElection: Map<string, bigint>;
  /**
   * Every donation counted, with what was decided when it was counted (what a re-decision
   * must report again) and how much of it refunds and chargebacks have reversed since. A
   * donation stays listed once reversed in full, so that deciding it again can never count it
   * a second time.
   */
  counted: ReadonlyMap<string, CountedContribution>;
  /** Donors an officer linked to this one as the same person, and not unlinked since: each donation is judged against them too. */
  linkedDonorIds: ReadonlySet<string>;
  /** Every link made with this donor, by link id, in force or undone: what an undoing refers to. */
  links: ReadonlyMap<string, DonorLink>;
}

/** One link of a donor to another identity (DonorIdentitiesLinked), and whether it was undone since (DonorIdentitiesUnlinked). */
export interface DonorLink {
  linkedDonorId: string;
  inForce: boolean;
}

export const initialDonorAggregate = (): DonorAggregateState => ({ byElection: new Map(), cashByElection: new Map(), counted: PersistentMap.of(), linkedDonorIds: new Set(), links: new Map() });

/** A link's facts are caused by the link: their causation id is its id. */
function evolveLinks(state: DonorAggregateState, event: DonorIdentitiesLinked | DonorIdentitiesUnlinked): DonorAggregateState {
  const { linkedDonorId } = event.payload;
  if (event.type === 'DonorIdentitiesLinked') {
    return { ...state, linkedDonorIds: new Set(state.linkedDonorIds).add(linkedDonorId), links: new Map(state.links).set(event.metadata.causationId, { linkedDonorId, inForce: true }) };
  }
  const linkedDonorIds = new Set(state.linkedDonorIds);
  linkedDonorIds.delete(linkedDonorId);
  return { ...state, linkedDonorIds, links: new Map(state.links).set(event.payload.linkId, { linkedDonorId, inForce: false }) };
}

const add = (totals: Map<string, bigint>, key: string, amount: bigint): Map<string, bigint> => new Map(totals).set(key, (totals.get(key) ?? 0n) + amount);

/**
 * The aggregate holds what each donation counts for now (countedValueOf): what was kept, less
 * refunds and chargebacks, and under PPERA less the benefits the donor received and nothing
 * when that is £500 or less. Each event moves the total by the change in that one value.
 */
export function evolveDonorAggregate(state: DonorAggregateState, event: DonorAggregateEvent): DonorAggregateState {
  if (event.type === 'DonorIdentitiesLinked' || event.type === 'DonorIdentitiesUnlinked') return evolveLinks(state, event);
  const { electionId, donationId } = event.payload;
  switch (event.type) {
    case 'ContributionCounted': {
      const amount = parseMinor(event.payload.amountMinor);
      const { paymentMethod, itemized, ruleIds, figures } = event.payload;
      const disregard = figures.permissibilityThresholdMinor;
      const contribution: CountedContribution = {
        electionId,
        countedAt: event.metadata.occurredAt,
        amountMinor: amount,
        aggregateAfterMinor: parseMinor(event.payload.aggregateAfterMinor),
        reversedMinor: 0n,
        paymentMethod,
        itemized,
        ruleIds,
        figures,
        benefits: new Map(),
        disregardAtOrBelowMinor: disregard === undefined ? null : parseMinor(disregard),
      };
      return {
        ...state,
        byElection: add(state.byElection, electionId, countedValueOf(contribution)),
        cashByElection: paymentMethod === 'cash' ? add(state.cashByElection, electionId, amount) : state.cashByElection,
        counted: PersistentMap.from(state.counted).with(donationId, contribution),
      };
    }
    case 'ContributionReversed': {
      const amount = parseMinor(event.payload.amountMinor);
      const contribution = state.counted.get(donationId);
      const next = contribution ? { ...contribution, reversedMinor: contribution.reversedMinor + amount } : null;
      const cash = contribution?.paymentMethod === 'cash';
      return {
        ...state,
        byElection: add(state.byElection, electionId, contribution && next ? countedValueOf(next) - countedValueOf(contribution) : -amount),
        cashByElection: cash ? add(state.cashByElection, electionId, -amount) : state.cashByElection,
        counted: contribution && next ? PersistentMap.from(state.counted).with(donationId, next) : state.counted,
      };
    }
    case 'ContributionBenefitRecorded': {
      const contribution = state.counted.get(donationId);
      if (!contribution) return state;
      const benefit = { fairMarketValueMinor: parseMinor(event.payload.fairMarketValueMinor), revoked: event.payload.change === 'revoked' };
      const next = { ...contribution, benefits: new Map(contribution.benefits).set(event.payload.grantId, benefit) };
      return { ...state, byElection: add(state.byElection, electionId, countedValueOf(next) - countedValueOf(contribution)), counted: PersistentMap.from(state.counted).with(donationId, next) };
    }
    case 'ExcessCounted': {
      // A remedied excess (redesignated here, or reattributed to this donor) counts towards the
      // election's limit; it is no contribution of its own, so `counted` is left as it was.
      const amount = parseMinor(event.payload.amountMinor);
      return {
        ...state,
        byElection: add(state.byElection, electionId, amount),
        cashByElection: event.payload.paymentMethod === 'cash' ? add(state.cashByElection, electionId, amount) : state.cashByElection,
      };
    }
    default:
      return assertNever(event);
  }
}

/**
 * A donor's aggregate as a snapshot: its maps as entry lists in their order, and the counted
 * donations (the order they were counted, which a link's excess is held by) as a table of
 * strings and rows (counted-table.ts), read back into a PersistentMap.
 */
export const donorAggregateSnapshot: SnapshotCodec<DonorAggregateState> = {
  schema: 'donor-aggregate/2',
  encode: ({ counted, ...rest }) => ({ ...(toSnapshotJson(rest) as object), counted: countedToTable(counted) }),
  decode: (data) => {
    if (!isRecord(data)) throw new TypeError('not a donor-aggregate/2 snapshot');
    const { counted, ...rest } = data;
    const state = fromSnapshotJson(rest) as Omit<DonorAggregateState, 'counted'>;
    const shaped =
      isRecord(state) &&
      isMapOf(state.byElection, isBigint) &&
      isMapOf(state.cashByElection, isBigint) &&
      state.linkedDonorIds instanceof Set &&
      isMapOf(state.links, isRecord);
    if (!shaped) throw new TypeError('not a donor-aggregate/2 snapshot');
    return { ...state, counted: PersistentMap.of(countedFromTable(counted)) };
  },
};

/** A donor's aggregate stream, the one compliance guards by revision. */
export const donorAggregateFold: Fold<DonorAggregateState, DonorAggregateEvent> = { evolve: evolveDonorAggregate, initialState: initialDonorAggregate, snapshot: donorAggregateSnapshot };

export interface DecideContribution {
  type: 'DecideContribution';
  donation: DonationReceivedV4;
  /** Event id of the DonationReceived being decided: the ids of what follows derive from it. */
  causationEventId: string;
  correlationId: string;
  /** The pack the donation is decided under (contributionPack: the election's cycle under the FEC). */
  pack: RulePack;
  /** Said in the decision's figures about the pack (which cycle's limit applied, and whether published). */
  packNotes?: Readonly<Record<string, string>>;
  /** PPERA: an officer verified the donor's permissibility (the review's approval). */
  permissibilityVerified?: boolean;
  /** The committee's elections in the same cycle as the donation's (see electionsOfCycle). */
  cycleElectionIds: readonly string[];
  /**
   * The day of the election the donation counts toward, and that election's net debts still
   * outstanding as the committee recorded them (null: none recorded): a gift after the election
   * is kept only up to them (11 CFR 110.1(b)(3)); and the day the candidacy in it ended, when
   * recorded: the gift is then refunded whole (102.9(e)(3)). Absent: the decision knows no
   * election day and caps nothing.
   */
  election?: { date: string; netDebtsRemainingMinor: bigint | null; candidacyEndedOn?: string | null };
  /**
   * The aggregates of the partners or members a partnership's or LLC's gift is attributed to
   * (each combined with the donors linked to it), by donor id: each share counts toward its
   * partner's own limit (11 CFR 110.1(e), (g)). A partner missing here has given nothing.
   */
  partners?: ReadonlyMap<string, DonorAggregateState>;
  decidedAt: string;
}

export type ContributionDecision =
  | {
      outcome: 'accept';
      /** Appended to the donor's aggregate with the revision read; null when already counted. */
      counted: ContributionCounted | null;
      accepted: DonationAccepted;
      /** The excess of a donation only partly accepted, to be remedied by its due date. */
      held: ExcessiveContributionHeld | null;
      bestEfforts: BestEffortsRequestOpened | null;
      /** For the committee's stream: what a gift for an election already held paid of its net debts. */
      netDebtsApplied: NetDebtsContributionApplied | null;
      /**
       * Each partner's or member's counted share, for that person's own aggregate (appended with
       * the revision read, beside the giver's); empty for every other giver and when repeated.
       */
      partnerCounted?: ContributionCounted[];
    }
  | { outcome: 'flag'; flagged: DonationFlagged }
  /** `returnRequired`: the money must go back by a deadline (PPERA s.56), recorded with the rejection. */
  | { outcome: 'reject'; rejected: DonationRejected; returnRequired: DonationReturnRequired | null };

/** What a decision appends to the donation's own stream, in one append. */
export function decisionEvents(decision: ContributionDecision): DonationEvent[] {
  switch (decision.outcome) {
    case 'accept':
      return [decision.accepted, ...(decision.held ? [decision.held] : []), ...(decision.bestEfforts ? [decision.bestEfforts] : [])];
    case 'flag':
      return [decision.flagged];
    case 'reject':
      return [decision.rejected, ...(decision.returnRequired ? [decision.returnRequired] : [])];
    default:
      return assertNever(decision);
  }
}

/**
 * Decides a received donation under the pack's rules against the donor's aggregate. The
 * part accepted is what is counted, so an excessive donation uses exactly the headroom left
 * and no more. Deciding the same donation again gives the same answer with the same event
 * ids: a redelivered message, or a retry after a crash between the two appends, writes
 * nothing new, and a donation already counted is never counted twice.
 */
export function decideContribution(command: DecideContribution, state: DonorAggregateState): ContributionDecision {
  const { donation, pack } = command;
  const already = state.counted.get(donation.donationId);
  // A repeated decision keeps the key it was counted under, whenever it is repeated.
  const electionId = already?.electionId ?? aggregationKeyOf(pack, donation, command.decidedAt);
  const context: DecisionContext = { donation, electionId, causationEventId: command.causationEventId, pack, metadata: metadataFor(command) };
  if (already) return repeatAcceptance(context, already);
  const verdict = judgeContribution(
    pack,
    {
      amountMinor: parseMinor(donation.amountMinor),
      method: donation.payment.method,
      donorId: donation.donor.donorId,
      donorType: donation.donor.type,
      attestations: donation.donor.attestations,
      detailsGiven: donation.donor.detailsGiven,
      registrationNumber: donation.donor.registrationNumber,
      receivedAt: donation.receivedAt,
      acceptedAt: command.decidedAt,
      permissibilityVerified: command.permissibilityVerified === true,
      ...(command.election ? { election: command.election } : {}),
      attribution: attributionOf(donation),
    },
    { ...standingOf(state, electionId, command.cycleElectionIds, lawOf(pack).readsEarlierValues), partnerElectionAggregateMinor: partnerStandingOf(command.partners, electionId) },
  );
  const figures = { ...verdict.figures, ...command.packNotes, electionId };
  switch (verdict.outcome) {
    case 'reject':
      return { outcome: 'reject', rejected: rejectedEvent(context, { ...verdict, figures }), returnRequired: null };
    case 'return':
      return {
        outcome: 'reject',
        rejected: rejectedEvent(context, { ...verdict, figures }),
        returnRequired: returnRequiredEvent(context, { ...verdict, figures }),
      };
    case 'flag':
      return { outcome: 'flag', flagged: flaggedEvent(context, { ...verdict, figures }) };
    case 'accept': {
      const counted: CountedFigures = { acceptedMinor: verdict.acceptedMinor, aggregateAfterMinor: verdict.aggregateAfterMinor, itemized: verdict.itemized, ruleIds: verdict.ruleIds, figures };
      return {
        outcome: 'accept',
        counted: countedEvent(context, counted),
        accepted: acceptedEvent(context, counted),
        held: verdict.excessRemedy ? heldEvent(context, counted, verdict.excessRemedy) : null,
        bestEfforts: verdict.bestEffortsRequest ? bestEffortsEvent(context, verdict.bestEffortsRequest, RULE_IDS.itemizationThreshold) : null,
        netDebtsApplied: netDebtsAppliedEvent(context, counted),
        ...(verdict.partnerCounts ? { partnerCounted: verdict.partnerCounts.map((count) => partnerCountedEvent(context, count, figures)) } : {}),
      };
    }
    default:
      return assertNever(verdict);
  }
}

/** What the donor had counted before this donation, for its election, in cash, and over its cycle. */
function standingOf(state: DonorAggregateState, electionId: string, cycleElectionIds: readonly string[], withValues: boolean): DonorStanding {
  const cycle = new Set([...cycleElectionIds, electionId]);
  return {
    electionAggregateMinor: state.byElection.get(electionId) ?? 0n,
    electionCashMinor: state.cashByElection.get(electionId) ?? 0n,
    cycleAggregateMinor: [...cycle].reduce((sum, id) => sum + (state.byElection.get(id) ?? 0n), 0n),
    ...(withValues ? { electionValuesMinor: [...state.counted.values()].filter((c) => c.electionId === electionId).map(countedValueOf) } : {}),
  };
}

/** The attribution the giver instructed, as the rules read it: ids and amounts, nothing sealed. */
function attributionOf(donation: DonationReceivedV4) {
  const given = donation.donor.attribution;
  if (given === undefined) return null;
  return { basis: given.basis, shares: given.shares.map((s) => ({ donorId: s.donorId, amountMinor: parseMinor(s.amountMinor), ...(s.type ? { type: s.type } : {}), ...(s.attestations ? { attestations: s.attestations } : {}) })) };
}

/** What each partner had counted toward the election before this gift. */
function partnerStandingOf(partners: ReadonlyMap<string, DonorAggregateState> | undefined, electionId: string): ReadonlyMap<string, bigint> {
  return new Map([...(partners ?? [])].map(([donorId, state]) => [donorId, state.byElection.get(electionId) ?? 0n]));
}

/**
 * The acceptance as it was counted, not as the aggregate stands now: later donations by the
 * same donor must not change the figures of a decision that is only being repeated.
 */
function repeatAcceptance(context: DecisionContext, already: CountedContribution): ContributionDecision {
  const { donation, pack } = context;
  const counted: CountedFigures = {
    acceptedMinor: already.amountMinor,
    aggregateAfterMinor: already.aggregateAfterMinor,
    itemized: already.itemized,
    ruleIds: already.ruleIds,
    figures: already.figures,
  };
  const excess = parseMinor(donation.amountMinor) > already.amountMinor;
  const request = already.itemized === true ? bestEffortsRequestFor(pack, detailsAskedOf(donation.donor.type, donation.donor.detailsGiven), donation.receivedAt) : null;
  return {
    outcome: 'accept',
    counted: null,
    accepted: acceptedEvent(context, counted),
    held: excess ? heldEvent(context, counted, repeatedRemedy(pack, donation.receivedAt, already.figures)) : null,
    bestEfforts: request ? bestEffortsEvent(context, request, RULE_IDS.itemizationThreshold) : null,
    netDebtsApplied: netDebtsAppliedEvent(context, counted),
    ...partnerCountsRepeated(context, already.figures),
  };
}

/**
 * The partners' counts as the decision made them, read back from its figures: the same ids and
 * figures, so where they were written (with the count, in one append) the ledger keeps the first,
 * and where a crash came between the two appends they are written now.
 */
function partnerCountsRepeated(context: DecisionContext, figures: Readonly<Record<string, string>>): { partnerCounted?: ContributionCounted[] } {
  const counts = [];
  for (let i = 1; figures[`partner${i}DonorId`] !== undefined; i++) {
    const countedMinor = BigInt(figures[`partner${i}CountedMinor`] ?? '0');
    const beforeMinor = BigInt(figures[`partner${i}AggregateBeforeMinor`] ?? '0');
    if (countedMinor > 0n) counts.push({ donorId: figures[`partner${i}DonorId`], countedMinor, aggregateAfterMinor: beforeMinor + countedMinor });
  }
  return counts.length > 0 ? { partnerCounted: counts.map((count) => partnerCountedEvent(context, count, figures)) } : {};
}

/** The remedy the decision held its excess for: a refund when it said the candidacy had ended. */
function repeatedRemedy(pack: RulePack, receivedAt: string, figures: Readonly<Record<string, string>>) {
  const ended = refundForEndedCandidacy(pack, { receivedAt, candidacyEndedOn: figures.candidacyEndedOn ?? null });
  return ended ?? excessRemedyFor(pack, receivedAt);
}

function metadataFor(command: DecideContribution): EventMetadata {
  return {
    occurredAt: command.decidedAt,
    correlationId: command.correlationId,
    causationId: command.causationEventId,
    committeeId: command.donation.committeeId,
    donorId: command.donation.donor.donorId,
    actor: 'compliance',
  };
}
