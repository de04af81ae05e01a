import type { NewEvent } from '../shared/envelope.js';
import type { DonationAcceptedV1, DonationFlaggedV1 } from './donation.events.v1.js';
import type { DonationReceivedV2, DonorSnapshotV1 } from './donation.events.v2.js';
import type { DonorAttestationsV1, PaymentMethod } from './donor-basics.js';

export { DONOR_TYPES_V1, PAYMENT_METHODS, type DonorAttestationsV1, type DonorTypeV1, type PaymentMethod } from './donor-basics.js';

export const DONOR_TYPES = [
  'individual',
  'company',
  'trade_union',
  'other',
  // Added with DonationReceived v4: the other permissible donors of PPERA 2000 s.54(2).
  'registered_party',
  'building_society',
  'llp',
  'friendly_society',
  'registered_society',
  'unincorporated_association',
  // Added in place (issue 14; old events keep every value they had): the givers a US candidate
  // committee receives from besides individuals, each with its own limit and report line.
  /** The candidate's own personal funds (11 CFR 110.10): no limit. */
  'candidate',
  /** Another candidate's authorized committee (52 U.S.C. 30102(e)(3)(B)): $2,000 per election. */
  'candidate_committee',
  /** A multicandidate political committee (11 CFR 100.5(e)(3)): $5,000 per election. */
  'multicandidate_pac',
  /** A political committee that is not multicandidate: the individual's limit. */
  'pac',
  /** A national, state or local party committee (52 U.S.C. 30116(a)(2)(A)): $5,000 per election. */
  'party_committee',
  /** A partnership, its gift attributed to it and its partners (11 CFR 110.1(e)). */
  'partnership',
  /** An LLC treated as a partnership (11 CFR 110.1(g)(2)); one that elected corporate treatment gives as a 'company'. */
  'llc',
  /** A single-member LLC not treated as a corporation: its gift is the member's (11 CFR 110.1(g)(4)). */
  'single_member_llc',
] as const;
export type DonorType = (typeof DONOR_TYPES)[number];

/**
 * What the donor declared, each absent when not asked. v2 (DonationReceived v4) adds what
 * PPERA s.54 asks of a donor: an individual on a UK electoral register; a company, LLP or
 * unincorporated association that carries on business (for an association: business or other
 * activities, with its main office) in the UK; a trade union on the Certification Officer's list.
 */
export interface DonorAttestations extends DonorAttestationsV1 {
  onUkElectoralRegister?: boolean;
  carriesOnBusinessInUk?: boolean;
  listedTradeUnion?: boolean;
  /**
   * Added in place (an optional field no earlier event holds): the Canada Elections Act s.363(1)
   * lets only a Canadian citizen or permanent resident contribute to a registered party.
   */
  canadianCitizenOrPermanentResident?: boolean;
}

/**
 * Which of the details a report must carry the donor gave, as facts without the details
 * themselves (those stay sealed): compliance decides itemization and best-efforts requests
 * on these without holding any personal data. `mailingAddress`: first line, city and postal
 * code all given.
 */
export interface DonorDetailsGiven {
  mailingAddress: boolean;
  occupation: boolean;
  employer: boolean;
}

/** v2 of the donor snapshot (DonationReceived v3, RecurringPlanCreated v2): v1 plus `detailsGiven`. Frozen. */
export interface DonorSnapshotV2 extends DonorSnapshotV1 {
  /** null when not known: a donation or plan recorded before v2 of the snapshot. */
  detailsGiven: DonorDetailsGiven | null;
}

/**
 * v3 of the donor snapshot (DonationReceived v4, RecurringPlanCreated v3): the PPERA
 * attestations and the organisation's UK registration number (Companies House for a company
 * or LLP, the Electoral Commission's register for a party, the FCA's Mutuals Public Register
 * for a building, friendly or registered society). An organisation's number is public
 * register data, not personal data, so it is not sealed.
 */
export interface DonorSnapshot extends Omit<DonorSnapshotV2, 'type' | 'attestations'> {
  type: DonorType;
  attestations: DonorAttestations;
  /** null when not given (always for an individual), or for a snapshot recorded before v3. */
  registrationNumber: string | null;
  /**
   * Added in place (an optional field no earlier event holds; issue 14, item 6): to whom a
   * partnership's, an LLC's or a single-member LLC's gift is attributed, as the giver
   * instructed (11 CFR 110.1(e), (g)(5)). Absent for every other giver, and when none was given.
   */
  attribution?: DonorAttribution;
}

/**
 * How a partnership's gift is attributed (11 CFR 110.1(e)): (1) to each partner in direct
 * proportion to their share of its profits, or (2) by agreement of the partners; an LLC
 * treated as a partnership the same way (110.1(g)(2)); a single-member LLC's to its single
 * member alone (110.1(g)(4)).
 */
export const ATTRIBUTION_BASES = ['profit_share', 'agreement', 'single_member'] as const;
export type AttributionBasis = (typeof ATTRIBUTION_BASES)[number];

/** One partner's or member's part of the gift, counted toward that person's own limit. */
export interface AttributedShare {
  /** The partner's donor id: the keyed hash of their identity, the same as if they gave themselves. */
  donorId: string;
  /** The part of the gift attributed to them, decimal minor units; the shares sum to the gift. */
  amountMinor: string;
  /** Their name, address, occupation and employer, sealed with their own key (crypto-shredding). */
  sealedPii: string;
  detailsGiven: DonorDetailsGiven;
  /**
   * Added in place (optional; absent on shares recorded before it, which read as an individual's):
   * what the partner or member is. No part of a partnership's gift may be attributed to a
   * corporation or a labor organization (52 U.S.C. 30118; 11 CFR 110.1(e), 114.2).
   */
  type?: DonorType;
  /** Added in place (optional): the partner's own attestations; `usCitizenOrPermanentResident: false` is a foreign national (11 CFR 110.20). */
  attestations?: DonorAttestations;
}

export interface DonorAttribution {
  basis: AttributionBasis;
  shares: AttributedShare[];
}

/** v3: the donor snapshot says which reportable details the donor gave (`donor.detailsGiven`). Frozen. */
export interface DonationReceivedV3 extends Omit<DonationReceivedV2, 'donor'> {
  donor: DonorSnapshotV2;
}


/**
 * Keyed hashes (HMAC with DONOR_ID_KEY and the tenant, see libs/domain match-keys.ts) of what
 * ties donations together beyond the donor's identity: the payment instrument, the address,
 * the email and the device. Compliance matches structuring patterns on these alone, never on
 * plaintext. Each is null when the donation did not carry it.
 */
export interface MatchKeys {
  paymentInstrument: string | null;
  address: string | null;
  email: string | null;
  device: string | null;
  /**
   * The donor's near name (issue 14, item 12): surname, first initial and postal code, without
   * a generational suffix, so "A. Lovelace" and "Ada Lovelace" share it. Absent without a
   * surname, and before it was recorded.
   */
  nearName?: string;
  /** The donor's name with the payment instrument: one name at two postal codes on one card. Absent without both, and before it was recorded. */
  nameCard?: string;
}

export const MATCH_KEY_KINDS = ['paymentInstrument', 'address', 'email', 'device', 'nearName', 'nameCard'] as const;
export type MatchKeyKind = (typeof MATCH_KEY_KINDS)[number];

/**
 * v4, one version for three additions made together before any v4 was stored: the donor
 * snapshot v3 (PPERA attestations, registration number, the s.54 donor types), the keyed
 * match keys structuring detection compares (all null for an upcast v3 donation), and the
 * donor's consent to the donor wall (null when none, and for every earlier version).
 */
export interface DonationReceivedV4 extends Omit<DonationReceivedV3, 'donor'> {
  donor: DonorSnapshot;
  matchKeys: MatchKeys;
  publicAcknowledgement: PublicAcknowledgement | null;
}

/**
 * The donor's explicit consent, given with the donation, to be named on the campaign's public
 * donor wall. The display name is sealed with the donor's own key like the rest of their
 * personal data (a record whose `name` is the display name), so erasing the donor erases it.
 */
export interface PublicAcknowledgement {
  sealedDisplayName: string;
  /** Whether the wall may show the amount too; never assumed. */
  showAmount: boolean;
}

/**
 * What a gift in kind was (goods, services, property, a visit), in the words both regulators
 * ask for. The kinds are the "nature of donation" the Electoral Commission's register gives a
 * non-cash donation (Administration services, Consultancy services, Staff costs, Premises,
 * Advertising, Hospitality, Travel, Sponsorship, Auction prizes, Other), plus goods and a visit
 * (a donation type of its own there); the FEC asks for a description ("In-Kind: ...").
 */
export const IN_KIND_NATURES = [
  'goods',
  'administration_services',
  'consultancy_services',
  'staff_costs',
  'premises',
  'advertising',
  'hospitality',
  'travel',
  'sponsorship',
  'auction_prize',
  'visit',
  'other',
] as const;
export type InKindNature = (typeof IN_KIND_NATURES)[number];

/**
 * A gift in kind: its nature, what it was in the donor's or officer's words (what a report
 * prints: public, never personal data), and how its value (the donation's amount) was arrived
 * at: the market value PPERA s.5 asks for, the usual and normal charge of 11 CFR 100.52(d).
 */
export interface InKindGift {
  nature: InKindNature;
  description: string;
  valuationBasis: string;
}

/** How a donation was paid; v2 (DonationReceived v5): a gift in kind says what it was. */
export interface DonationPayment {
  method: PaymentMethod;
  pspReference: string | null;
  /** Present exactly when `method` is `in_kind`; null for money, and for any donation recorded before v5. */
  inKind: InKindGift | null;
}

/** v5: a gift in kind carries its nature, description and valuation basis from intake to the filings. */
export interface DonationReceivedV5 extends Omit<DonationReceivedV4, 'payment'> {
  payment: DonationPayment;
}

/** v2: the figures compared, and whether the donation must be itemized. */
export interface DonationAcceptedV2 extends DonationAcceptedV1 {
  /** The figures the rules compared, for the auditor (decimal strings). Empty for a v1 decision. */
  figures: Record<string, string>;
  /** Whether reports must itemize it (the donor's cycle aggregate passed the threshold); null for a v1 decision. */
  itemized: boolean | null;
}

/** Something the committee must do about a flagged donation, by the end of a day in the committee's time zone. */
export interface FlagDeadline {
  /** e.g. 'deposit_or_return', 'obtain_evidence_or_refund'. */
  action: string;
  /** Last day to act, YYYY-MM-DD, counted from the day the donation was received. */
  dueOn: string;
}

/** v2: the figures compared and the deadlines the flag runs on. */
export interface DonationFlaggedV2 extends DonationFlaggedV1 {
  figures: Record<string, string>;
  /** Empty for a v1 flag. */
  deadlines: FlagDeadline[];
}

export interface DonationRejectedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  code: string;
  detail: string;
  /** The figures the rule compared, for the auditor. */
  figures: Record<string, string>;
  ruleIds: string[];
  rulePackVersion: string;
}

export interface DonationRefundedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  reason: string;
  decidedBy: string;
  pspReference: string | null;
}

export interface ChargebackReceivedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  pspReference: string;
  reason: string;
}

/**
 * The payment provider took the donor's money. `pspEventId` is the provider's id of the
 * webhook event it came from; the ledger event id derives from it, so however often the
 * provider delivers the event it is recorded once.
 */
export interface PaymentCapturedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  pspReference: string;
  pspEventId: string;
}

/** The payment provider could not take the money (declined, expired, cancelled). */
export interface PaymentFailedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  pspReference: string;
  pspEventId: string;
  reason: string;
}

/**
 * Compliance kept part of an excessive contribution and holds the rest, which the committee
 * must refund, redesignate to another election or reattribute to a joint account holder by
 * `dueOn` (11 CFR 103.3(b)(3): 60 days from receipt). Recorded beside the DonationAccepted
 * of the part kept, in the same append.
 */
export interface ExcessiveContributionHeldV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  electionId: string;
  receivedAmountMinor: string;
  acceptedAmountMinor: string;
  excessAmountMinor: string;
  currency: string;
  /** The remedies the law allows for this excess. */
  remedies: ExcessRemedy[];
  /** Last day to remedy the excess, YYYY-MM-DD, a calendar day in the committee's time zone. */
  dueOn: string;
  figures: Record<string, string>;
  ruleIds: string[];
  rulePackVersion: string;
}

export const EXCESS_REMEDIES = ['refund', 'redesignation', 'reattribution'] as const;
export type ExcessRemedy = (typeof EXCESS_REMEDIES)[number];

/** Details a report must carry that a donor may leave out: what a best-efforts request asks for. */
export const DONOR_DETAILS = ['mailing_address', 'occupation', 'employer'] as const;
export type DonorDetail = (typeof DONOR_DETAILS)[number];

/**
 * The donation is itemized and the donor left out details a report must carry: the committee
 * must ask for them at least once by `dueOn` (11 CFR 104.7(b): within 30 days of receipt).
 * Open until a later fact (the officer's) records the request made.
 */
export interface BestEffortsRequestOpenedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  missingDetails: DonorDetail[];
  /** Last day to make the request, YYYY-MM-DD, a calendar day in the committee's time zone. */
  dueOn: string;
  ruleIds: string[];
  rulePackVersion: string;
}

/** What must become of a donation the party may not keep (PPERA 2000 s.56(2)). */
export const RETURN_ACTIONS = ['return_to_donor', 'return_to_transferor_or_pay_electoral_commission'] as const;
export type ReturnAction = (typeof RETURN_ACTIONS)[number];

/**
 * A donation the party may not keep: from an impermissible donor (returned to the donor, or
 * to whoever gave it on the donor's behalf) or from a donor who cannot be identified (returned
 * to whoever transferred it, or, if that cannot be found, paid to the Electoral Commission),
 * within 30 days of receipt (PPERA 2000 s.56(2)). Recorded with the DonationRejected in the
 * same append; it stays due until the money goes back (a refund) or an officer decides.
 */
export interface DonationReturnRequiredV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  amountMinor: string;
  currency: string;
  /** The rejection's code: why it may not be kept. */
  code: string;
  action: ReturnAction;
  /** Last day (UK time, for a UK pack) to act, YYYY-MM-DD. */
  dueOn: string;
  figures: Record<string, string>;
  ruleIds: string[];
  rulePackVersion: string;
}

/**
 * How an impermissible or unidentifiable donation was actually dealt with (PPERA 2000 s.56(2),
 * s.58-60): sent back to the donor, returned to the person who transferred it on someone's
 * behalf, paid to the Electoral Commission (an unidentifiable donation whose transferor cannot
 * be found, s.56(2)(b)(ii)), or forfeited under a court's order (s.58).
 */
export const DISPOSAL_MANNERS = ['return_to_donor', 'return_to_transferor', 'paid_to_electoral_commission', 'forfeited'] as const;
export type DisposalManner = (typeof DISPOSAL_MANNERS)[number];

/**
 * An officer recorded how and on which day the party dealt with a donation it may not keep
 * (s.56(2); the quarterly report states the date and manner, Sch. 6 para 6-7). `dueOn` and
 * `late` say how it stood against the 30 days of s.56(2) that the DonationReturnRequired set.
 */
export interface ImpermissibleDonationDealtWithV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  manner: DisposalManner;
  /** The committee-local day (UK time) it was dealt with, YYYY-MM-DD. */
  dealtWithOn: string;
  /** The payment, receipt or court order it was done under; required for a forfeiture (the order). */
  reference: string | null;
  reason: string;
  recordedBy: string;
  dueOn: string;
  late: boolean;
}

/**
 * The three dates of a donation (issue 14, item 2): when it was received (a mailed cheque's
 * arrival, a platform's payout: the date of receipt the regulators count from), when it was
 * deposited (11 CFR 103.3(a): within 10 days of receipt), and when a UK party accepted it
 * (PPERA Sch. 6 para 5: reported in the quarter accepted).
 */
export const DONATION_DATE_KINDS = ['received', 'deposited', 'accepted'] as const;
export type DonationDateKind = (typeof DONATION_DATE_KINDS)[number];

/**
 * The committee deposited the donation, on a day of its own calendar. Under an FEC pack the
 * deposit is due within 10 days of the local day of receipt (11 CFR 103.3(a)): `dueOn` and
 * `late` say how it stood, with the pack and citation they were read from; under a pack that
 * sets no deposit period they are null and false.
 */
export interface DonationDepositedV1 extends DepositStanding {
  donationId: string;
  campaignId: string;
  committeeId: string;
  /** The committee-local day of the deposit, YYYY-MM-DD. */
  depositedOn: string;
  recordedBy: string;
}

/** A deposit against its deadline (11 CFR 103.3(a)), with the pack and citation it was read from. */
export interface DepositStanding {
  /** The last committee-local day to deposit on; null when the pack sets no deposit period. */
  dueOn: string | null;
  late: boolean;
  citation: string | null;
  rulePackVersion: string;
}

/**
 * A recorded date was wrong; this is what it should have been. Never an edit: the fact it
 * corrects stays as written, and readers take the latest correction of each date. `previous`
 * and `corrected` are instants (UTC) for `received` and `accepted`, committee-local days
 * (YYYY-MM-DD) for `deposited`.
 */
export interface DonationDateCorrectedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  date: DonationDateKind;
  previous: string;
  corrected: string;
  reason: string;
  correctedBy: string;
  /** For a deposited donation whose receipt or deposit day is corrected: its deposit standing afresh; otherwise null. */
  deposit: DepositStanding | null;
}

export type DonationReceived = NewEvent<'DonationReceived', DonationReceivedV5>;
export type DonationAccepted = NewEvent<'DonationAccepted', DonationAcceptedV2>;
export type DonationFlagged = NewEvent<'DonationFlagged', DonationFlaggedV2>;
export type DonationRejected = NewEvent<'DonationRejected', DonationRejectedV1>;
export type DonationRefunded = NewEvent<'DonationRefunded', DonationRefundedV1>;
export type ChargebackReceived = NewEvent<'ChargebackReceived', ChargebackReceivedV1>;
export type PaymentCaptured = NewEvent<'PaymentCaptured', PaymentCapturedV1>;
export type PaymentFailed = NewEvent<'PaymentFailed', PaymentFailedV1>;
export type ExcessiveContributionHeld = NewEvent<'ExcessiveContributionHeld', ExcessiveContributionHeldV1>;
export type BestEffortsRequestOpened = NewEvent<'BestEffortsRequestOpened', BestEffortsRequestOpenedV1>;
export type DonationReturnRequired = NewEvent<'DonationReturnRequired', DonationReturnRequiredV1>;
export type DonationDeposited = NewEvent<'DonationDeposited', DonationDepositedV1>;
export type DonationDateCorrected = NewEvent<'DonationDateCorrected', DonationDateCorrectedV1>;
export type ImpermissibleDonationDealtWith = NewEvent<'ImpermissibleDonationDealtWith', ImpermissibleDonationDealtWithV1>;

export type DonationEvent =
  | DonationReceived
  | DonationAccepted
  | DonationFlagged
  | DonationRejected
  | DonationRefunded
  | ChargebackReceived
  | PaymentCaptured
  | PaymentFailed
  | ExcessiveContributionHeld
  | BestEffortsRequestOpened
  | DonationReturnRequired
  | DonationDeposited
  | DonationDateCorrected
  | ImpermissibleDonationDealtWith;

export const donationStreamId = (donationId: string): string => `donation-${donationId}`;
