import type { DonorAttestations, DonorDetail, DonorDetailsGiven, DonorType, ExcessRemedy, FlagDeadline, PaymentMethod, ReturnAction } from '#contracts';
import type { RuleId } from './rule-ids.js';
import type { AttributionFacts } from './partner-attribution.rule.js';

// The verdict's shapes, apart from the judging, so each jurisdiction's judge (ppera-verdict)
// uses them without importing the dispatcher that calls it.
/** What the rules look at in a donation. */
export interface ContributionFacts {
  amountMinor: bigint;
  method: PaymentMethod;
  donorId: string;
  donorType: DonorType;
  attestations: DonorAttestations;
  detailsGiven: DonorDetailsGiven | null;
  /** An organisation's UK registration number (PPERA s.54); null when not given. */
  registrationNumber: string | null;
  receivedAt: string;
  /**
   * When the committee accepts the gift should the verdict accept it: the decision's instant.
   * PPERA counts a donation in the calendar year it was accepted (s.62(3)). Absent: when received.
   */
  acceptedAt?: string;
  /**
   * PPERA s.56(1): the party's treasurer (an officer) has verified the donor's permissibility
   * that the donation itself did not establish; absent or false before any such verification.
   */
  permissibilityVerified?: boolean;
  /**
   * The day of the election the gift counts toward (designated or attributed), and the net debts
   * the committee has recorded as still outstanding from it: a gift after the election is kept
   * only up to them (past-election.rule.ts). `candidacyEndedOn`: the day the candidate's run in
   * it ended (lost the primary, withdrew), when recorded: the whole gift is then refunded
   * (candidacy-ended.rule.ts). Absent: no election date is known.
   */
  election?: { date: string; netDebtsRemainingMinor: bigint | null; candidacyEndedOn?: string | null };
  /**
   * To whom a partnership's or an LLC's gift is attributed, as it instructed (11 CFR 110.1(e),
   * (g)); absent or null when it gave none, and for every other giver.
   */
  attribution?: AttributionFacts | null;
}

/** The donor's counted contributions before this one. */
export interface DonorStanding {
  /** Towards the donation's election. */
  electionAggregateMinor: bigint;
  /** The part of that paid in currency. */
  electionCashMinor: bigint;
  /** Towards every election of the donation's cycle, its own included. */
  cycleAggregateMinor: bigint;
  /**
   * PPERA: the value each earlier donation of the year counts for, in the order they were
   * counted (their sum is `electionAggregateMinor`). s.62(6)(b) reports smaller later donations
   * once they add up, since the last one recorded, to more than the subsequent figure, which
   * the total alone cannot tell. Absent: the total is taken as one earlier donation.
   */
  electionValuesMinor?: readonly bigint[];
  /**
   * What each partner or member the gift is attributed to has counted toward the donation's
   * election (with the donors linked to them), by donor id; a partner not in it has given nothing.
   */
  partnerElectionAggregateMinor?: ReadonlyMap<string, bigint>;
}

/** A partner's or member's part of a kept gift, counted toward that person's own limit (11 CFR 110.1(e), (g)). */
export interface PartnerCount {
  donorId: string;
  countedMinor: bigint;
  aggregateAfterMinor: bigint;
}

/** The figures a rule compared, as decimal strings, for the auditor. */
export type Figures = Record<string, string>;

export type ContributionVerdict =
  | { outcome: 'reject'; code: string; detail: string; ruleIds: RuleId[]; figures: Figures }
  | { outcome: 'flag'; code: string; detail: string; ruleIds: RuleId[]; figures: Figures; deadlines: FlagDeadline[] }
  /** Not accepted, and the money must go back by a deadline (PPERA s.56). */
  | { outcome: 'return'; code: string; detail: string; ruleIds: RuleId[]; figures: Figures; returnDue: { action: ReturnAction; dueOn: string } }
  | {
      outcome: 'accept';
      acceptedMinor: bigint;
      excessMinor: bigint;
      aggregateAfterMinor: bigint;
      /** null where the pack has no itemization rule. */
      itemized: boolean | null;
      excessRemedy: { dueOn: string; remedies: readonly ExcessRemedy[] } | null;
      bestEffortsRequest: { missingDetails: DonorDetail[]; dueOn: string } | null;
      /** Each partner's or member's counted share of what was kept; empty for every other giver. */
      partnerCounts?: PartnerCount[];
      ruleIds: RuleId[];
      figures: Figures;
    };
