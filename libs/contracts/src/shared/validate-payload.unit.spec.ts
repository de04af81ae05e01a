import { CURRENT_VERSIONS } from './upcasters.js';
import { PAYLOAD_SCHEMAS, validatePayload, type PayloadVersions } from './schemas.js';

/** One conforming payload per type and version, typed against the contracts themselves. */
const VALID: { [T in keyof PayloadVersions]: PayloadVersions[T] } = {
  CommitteeRegistered: {
    1: {
      committeeId: 'cmte-1',
      name: 'Friends of Ada',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [
        { electionId: 'P2026', kind: 'primary', date: '2026-06-02' },
        { electionId: 'G2026', kind: 'general', date: '2026-11-03' },
      ],
      defaultElectionId: 'G2026',
      registeredBy: 'officer-7',
    },
    2: {
      committeeId: 'cmte-1',
      name: 'Friends of Ada',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'G2026', kind: 'general', date: '2026-11-03' }],
      defaultElectionId: 'G2026',
      registeredBy: 'officer-7',
      tenantId: 'party-a',
    },
    3: {
      committeeId: 'cmte-1',
      name: 'Friends of Ada',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'G2026', kind: 'general', date: '2026-11-03' }],
      defaultElectionId: 'G2026',
      registeredBy: 'officer-7',
      tenantId: 'party-a',
      timeZone: 'America/Chicago',
      timeZoneDefaulted: false,
    },
  },
  CommitteeTimeZoneChanged: {
    1: {
      committeeId: 'cmte-1',
      previousTimeZone: 'America/New_York',
      timeZone: 'America/Chicago',
      effectiveFrom: '2026-02-01T15:00:00Z',
      reason: 'registered with the wrong zone: the treasurer is in Chicago',
      changedBy: 'officer-7',
    },
  },
  ElectionNetDebtsRecorded: {
    1: { committeeId: 'cmte-1', electionId: 'P2028', netDebtsMinor: '60000', asOf: '2028-06-30', reason: 'unpaid printer invoice', recordedBy: 'officer-7' },
  },
  NetDebtsContributionApplied: {
    1: { committeeId: 'cmte-1', electionId: 'P2028', donationId: 'don-1', appliedMinor: '50000', netDebtsRemainingMinor: '10000' },
  },
  CandidacyEnded: {
    1: { committeeId: 'cmte-1', electionId: 'G2028', cause: 'lost_primary', endedOn: '2028-06-06', reason: 'certified primary result', recordedBy: 'officer-7' },
  },
  GeneralElectionPeriodDeclared: {
    1: { committeeId: 'party-1', periodId: 'ukpga-2029', dissolvedOn: '2029-05-30', pollOn: '2029-07-04', heldIn: ['great_britain', 'northern_ireland'], partyRegisteredIn: ['great_britain'], reason: 'dissolution proclaimed', declaredBy: 'officer-7' },
  },
  FilingRecorded: {
    1: { committeeId: 'party-1', kind: 'ppera_quarterly', periodTo: '2026-03-31', name: 'Q1 2026', filedOn: '2026-04-28', reference: 'PEF-12345', reason: 'delivered on PEF Online', recordedBy: 'officer-7' },
  },
  AccountingUnitLinked: {
    1: { committeeId: 'party-1', centralCommitteeId: 'party-1', unitCommitteeId: 'unit-1', reason: 'registered accounting unit', linkedBy: 'officer-7' },
  },
  CampaignOpened: {
    1: {
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      name: 'Autumn drive',
      currency: 'USD',
      opensAt: '2026-09-01T00:00:00Z',
      closesAt: null,
    },
  },
  DonationReceived: {
    1: {
      donationId: 'don-1',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      amountCents: 2500,
      currency: 'USD',
      donor: { donorId: 'donor-hash-1', type: 'individual', sealedPii: null },
      paymentReference: null,
      receivedAt: '2024-10-01T18:29:59.000Z',
    },
    2: {
      donationId: 'don-2',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      amountMinor: '2500',
      currency: 'USD',
      donor: {
        donorId: 'donor-hash-1',
        type: 'individual',
        sealedPii: 'sealed:abc',
        attestations: { usCitizenOrPermanentResident: true, ownFunds: true },
      },
      payment: { method: 'card', pspReference: 'ch_3PqX' },
      electionId: 'G2026',
      receivedAt: '2026-10-01T18:29:59.123Z',
    },
    3: {
      donationId: 'don-3',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      amountMinor: '25000',
      currency: 'USD',
      donor: {
        donorId: 'donor-hash-1',
        type: 'individual',
        sealedPii: 'sealed:abc',
        attestations: { usCitizenOrPermanentResident: true },
        detailsGiven: { mailingAddress: true, occupation: false, employer: true },
      },
      payment: { method: 'check', pspReference: null },
      electionId: 'G2026',
      receivedAt: '2026-10-02T18:29:59.123Z',
    },
    4: {
      donationId: 'don-4',
      campaignId: 'camp-uk',
      committeeId: 'cmte-uk',
      amountMinor: '250000',
      currency: 'GBP',
      donor: {
        donorId: 'donor-hash-2',
        type: 'company',
        sealedPii: 'sealed:def',
        attestations: { carriesOnBusinessInUk: true },
        detailsGiven: { mailingAddress: true, occupation: false, employer: false },
        registrationNumber: '01234567',
      },
      payment: { method: 'bank_transfer', pspReference: null },
      electionId: null,
      receivedAt: '2026-10-02T18:29:59.123Z',
      matchKeys: { paymentInstrument: 'pi_0f3a', address: null, email: 'em_77c1', device: null },
      publicAcknowledgement: { sealedDisplayName: 'pii1.1.sealed', showAmount: false },
    },
    5: {
      donationId: 'don-5',
      campaignId: 'camp-uk',
      committeeId: 'cmte-uk',
      amountMinor: '120000',
      currency: 'GBP',
      donor: {
        donorId: 'donor-hash-3',
        type: 'company',
        sealedPii: 'sealed:ghi',
        attestations: { carriesOnBusinessInUk: true },
        detailsGiven: { mailingAddress: true, occupation: false, employer: false },
        registrationNumber: '07654321',
      },
      payment: { method: 'in_kind', pspReference: null, inKind: { nature: 'premises', description: 'Office space for the campaign, March', valuationBasis: 'market rent of comparable offices' } },
      electionId: null,
      receivedAt: '2026-10-03T09:00:00.000Z',
      matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
      publicAcknowledgement: null,
    },
  },
  DonationAccepted: {
    1: {
      donationId: 'don-2',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      donorId: 'donor-hash-1',
      electionId: null,
      acceptedAmountMinor: '2500',
      currency: 'USD',
      aggregateAfterMinor: '7500',
      ruleIds: ['fec.limit.individual'],
      rulePackVersion: 'us-fec@2025-01-01',
    },
    2: {
      donationId: 'don-3',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      donorId: 'donor-hash-1',
      electionId: 'G2026',
      acceptedAmountMinor: '20000',
      currency: 'USD',
      aggregateAfterMinor: '350000',
      ruleIds: ['individual-limit-per-election', 'itemization-threshold'],
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
      figures: { limitMinor: '350000', excessMinor: '5000' },
      itemized: true,
    },
  },
  DonationFlagged: {
    1: {
      donationId: 'don-2',
      campaignId: 'camp-1',
      reasons: [{ code: 'structuring_suspected', detail: 'five donations under $200 from one card' }],
      ruleIds: ['structuring.card'],
      rulePackVersion: 'us-fec@2025-01-01',
    },
    2: {
      donationId: 'don-2',
      campaignId: 'camp-1',
      reasons: [{ code: 'source_questionable', detail: 'no citizenship attestation' }],
      ruleIds: ['questionable-source'],
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
      figures: {},
      deadlines: [{ action: 'deposit_or_return', dueOn: '2026-10-11' }],
    },
  },
  DonationRejected: {
    1: {
      donationId: 'don-2',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      donorId: 'donor-hash-1',
      code: 'donor_exceeds_election_limit',
      detail: 'aggregate would exceed the per-election limit',
      figures: { limitMinor: '350000', aggregateAfterMinor: '352500' },
      ruleIds: ['fec.limit.individual'],
      rulePackVersion: 'us-fec@2025-01-01',
    },
  },
  DonationRefunded: {
    1: {
      donationId: 'don-2',
      campaignId: 'camp-1',
      amountMinor: '2500',
      currency: 'USD',
      reason: 'excessive',
      decidedBy: 'officer-7',
      pspReference: null,
    },
  },
  ChargebackReceived: {
    1: {
      donationId: 'don-2',
      campaignId: 'camp-1',
      amountMinor: '2500',
      currency: 'USD',
      pspReference: 'dp_1',
      reason: 'fraudulent',
    },
  },
  PaymentCaptured: {
    1: { donationId: 'don-2', campaignId: 'camp-1', amountMinor: '2500', currency: 'USD', pspReference: 'ch_3PqX', pspEventId: 'evt_1' },
  },
  PaymentFailed: {
    1: { donationId: 'don-2', campaignId: 'camp-1', amountMinor: '2500', currency: 'USD', pspReference: 'ch_3PqX', pspEventId: 'evt_2', reason: 'card_declined' },
  },
  ExcessiveContributionHeld: {
    1: {
      donationId: 'don-3',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      donorId: 'donor-hash-1',
      electionId: 'G2026',
      receivedAmountMinor: '25000',
      acceptedAmountMinor: '20000',
      excessAmountMinor: '5000',
      currency: 'USD',
      remedies: ['refund', 'redesignation', 'reattribution'],
      dueOn: '2026-12-01',
      figures: { limitMinor: '350000' },
      ruleIds: ['individual-limit-per-election'],
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
    },
  },
  BestEffortsRequestOpened: {
    1: {
      donationId: 'don-3',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      donorId: 'donor-hash-1',
      missingDetails: ['occupation'],
      dueOn: '2026-11-01',
      ruleIds: ['itemization-threshold'],
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
    },
  },
  ContributionCounted: {
    1: {
      donationId: 'don-2',
      donorId: 'donor-hash-1',
      electionId: 'G2026',
      amountMinor: '2500',
      currency: 'USD',
      aggregateAfterMinor: '7500',
    },
    2: {
      donationId: 'don-3',
      donorId: 'donor-hash-1',
      electionId: 'G2026',
      amountMinor: '20000',
      currency: 'USD',
      aggregateAfterMinor: '350000',
      paymentMethod: 'check',
      itemized: true,
      figures: { excessMinor: '5000' },
      ruleIds: ['individual-limit-per-election', 'itemization-threshold'],
    },
  },
  ContributionReversed: {
    1: {
      donationId: 'don-2',
      donorId: 'donor-hash-1',
      electionId: 'G2026',
      amountMinor: '2500',
      currency: 'USD',
      reason: 'chargeback',
    },
  },
  DonationDeposited: {
    1: { donationId: 'don-1', campaignId: 'camp-1', committeeId: 'cmte-1', depositedOn: '2026-03-11', dueOn: '2026-03-11', late: false, citation: '11 CFR 103.3(a)', rulePackVersion: 'US-FEC-CANDIDATE/2025-2026', recordedBy: 'officer-1' },
  },
  DonationDateCorrected: {
    1: {
      donationId: 'don-1', campaignId: 'camp-1', committeeId: 'cmte-1', date: 'received', previous: '2026-03-04T15:00:00.000Z', corrected: '2026-03-01T15:00:00.000Z',
      reason: 'The cheque was postmarked and received on 1 March; it was keyed in on 4 March.', correctedBy: 'officer-1',
      deposit: { dueOn: '2026-03-11', late: false, citation: '11 CFR 103.3(a)', rulePackVersion: 'US-FEC-CANDIDATE/2025-2026' },
    },
  },
  RecurringPlanCreated: {
    1: {
      planId: 'plan-1',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      amountMinor: '1000',
      currency: 'USD',
      donor: { donorId: 'donor-hash-1', type: 'individual', sealedPii: null, attestations: { ownFunds: true } },
      payment: { method: 'card', mandateReference: 'sub_1Pq' },
      electionId: null,
      dayOfMonth: 31,
      startsOn: '2026-01-31',
      consent: { consentedAt: '2026-01-20T09:00:00.000Z', text: 'Charge my card $10.00 every month until I cancel.', version: 'monthly-v1' },
      createdBy: 'intake-api',
    },
    2: {
      planId: 'plan-2',
      campaignId: 'camp-1',
      committeeId: 'cmte-1',
      amountMinor: '1000',
      currency: 'USD',
      donor: {
        donorId: 'donor-hash-1',
        type: 'individual',
        sealedPii: 'sealed:abc',
        attestations: {},
        detailsGiven: { mailingAddress: false, occupation: true, employer: true },
      },
      payment: { method: 'card', mandateReference: 'sub_2Pq' },
      electionId: 'G2026',
      dayOfMonth: 1,
      startsOn: '2026-02-01',
      consent: { consentedAt: '2026-01-20T09:00:00.000Z', text: 'Charge my card $10.00 every month until I cancel.', version: 'monthly-v1' },
      createdBy: 'intake-api',
    },
    3: {
      planId: 'plan-3',
      campaignId: 'camp-uk',
      committeeId: 'cmte-uk',
      amountMinor: '1000',
      currency: 'GBP',
      donor: {
        donorId: 'donor-hash-3',
        type: 'individual',
        sealedPii: 'sealed:ghi',
        attestations: { onUkElectoralRegister: true },
        detailsGiven: { mailingAddress: true, occupation: false, employer: false },
        registrationNumber: null,
      },
      payment: { method: 'card', mandateReference: 'sub_3Pq' },
      electionId: null,
      dayOfMonth: 1,
      startsOn: '2026-02-01',
      consent: { consentedAt: '2026-01-20T09:00:00.000Z', text: 'Charge my card £10.00 every month until I cancel.', version: 'monthly-v1' },
      createdBy: 'intake-api',
    },
    4: {
      planId: 'plan-4',
      campaignId: 'camp-us',
      committeeId: 'cmte-us',
      amountMinor: '1000',
      currency: 'USD',
      donor: {
        donorId: 'donor-hash-4',
        type: 'individual',
        sealedPii: 'sealed:jkl',
        attestations: {},
        detailsGiven: { mailingAddress: true, occupation: true, employer: true },
        registrationNumber: null,
      },
      payment: { method: 'card', mandateReference: 'sub_4Pq' },
      electionId: null,
      dayOfMonth: 1,
      startsOn: '2026-02-01',
      consent: { consentedAt: '2026-01-20T09:00:00.000Z', text: 'Charge my card $10.00 every month until I cancel.', version: 'monthly-v1' },
      createdBy: 'intake-api',
      timeZone: 'America/New_York',
    },
  },
  RecurringInstalmentInitiated: {
    1: { planId: 'plan-1', period: '2026-02', donationId: 'don-3', dueAt: '2026-02-28T00:00:00.000Z' },
  },
  RecurringInstalmentRefused: {
    1: { planId: 'plan-1', period: '2026-02', donationId: 'don-3', code: 'campaign_closed', detail: 'campaign closed at 2026-02-01T00:00:00.000Z' },
  },
  RecurringPlanPaused: {
    1: { planId: 'plan-1', requestedBy: 'donor', decidedBy: 'intake-api', reason: null, pausedAt: '2026-03-02T10:00:00.000Z' },
  },
  RecurringPlanResumed: {
    1: { planId: 'plan-1', requestedBy: 'donor', decidedBy: 'intake-api', resumedAt: '2026-05-02T10:00:00.000Z' },
  },
  RecurringPlanCancelled: {
    1: { planId: 'plan-1', requestedBy: 'psp', decidedBy: 'intake-api', reason: 'mandate revoked', cancelledAt: '2026-06-02T10:00:00.000Z' },
  },
  RewardTierDefined: {
    1: {
      tierId: 'mug',
      campaignId: 'spring',
      committeeId: 'c-smith',
      currency: 'USD',
      terms: { name: 'Mug', thresholdKind: 'single', thresholdMinor: '5000', rewardKind: 'item', fairMarketValueMinor: '1200', stockLimit: 5 },
      tierVersion: 1,
      definedBy: 'key-admin',
    },
  },
  RewardTierChanged: {
    1: {
      tierId: 'mug',
      campaignId: 'spring',
      terms: { name: 'Mug', thresholdKind: 'cumulative', thresholdMinor: '9000', rewardKind: 'item', fairMarketValueMinor: '1200', stockLimit: null },
      tierVersion: 2,
      changedBy: 'key-admin',
    },
  },
  RewardSupportCounted: {
    1: { campaignId: 'spring', donorId: 'dn_a', donationId: 'd1', acceptedAmountMinor: '3000', currency: 'USD', totalAfterMinor: '5000' },
  },
  RewardGranted: {
    1: {
      grantId: '0b0f3d52-7a1e-8c3b-9d2e-1f0a2b3c4d5e',
      campaignId: 'spring',
      committeeId: 'c-smith',
      tierId: 'mug',
      tierVersion: 1,
      donorId: 'dn_a',
      donationId: 'd1',
      rewardKind: 'item',
      fairMarketValueMinor: '1200',
      currency: 'USD',
      grantedCount: 1,
      grantedAt: '2026-03-02T10:00:00.000Z',
    },
  },
  RewardWaitlisted: {
    1: { campaignId: 'spring', tierId: 'mug', tierVersion: 1, donorId: 'dn_b', donationId: 'd2', waitlistPosition: 1, waitlistedAt: '2026-03-02T10:00:00.000Z' },
  },
  ImpermissibleDonationDealtWith: {
    1: {
      donationId: 'don-5', campaignId: 'camp-uk', committeeId: 'cmte-uk', manner: 'paid_to_electoral_commission', dealtWithOn: '2026-03-20',
      reference: 'EC receipt 2026/123', reason: 'The transferor could not be identified.', recordedBy: 'officer-1', dueOn: '2026-03-31', late: false,
    },
  },
  DonationReturnRequired: {
    1: {
      donationId: 'don-5',
      campaignId: 'camp-uk',
      committeeId: 'cmte-uk',
      donorId: 'anonymous-x',
      amountMinor: '50001',
      currency: 'GBP',
      code: 'ppera_unidentifiable_donor',
      action: 'return_to_transferor_or_pay_electoral_commission',
      dueOn: '2026-03-31',
      figures: { amountMinor: '50001', permissibilityThresholdMinor: '50000' },
      ruleIds: ['ppera-permissible-donor'],
      rulePackVersion: 'UK-PPERA-PARTY/2024',
    },
  },
  ContributionBenefitRecorded: {
    1: {
      donationId: 'don-6',
      donorId: 'dn_c',
      electionId: 'calendar-year-2026',
      grantId: 'grant-1',
      change: 'granted',
      fairMarketValueMinor: '3000',
      currency: 'GBP',
      countedBeforeMinor: '52000',
      countedAfterMinor: '0',
      rulePackVersion: 'UK-PPERA-PARTY/2024',
    },
  },
  StructuringSightingRecorded: {
    1: { donationId: 'd1', donorId: 'dn_a', keyKind: 'paymentInstrument', sighting: 'donation', amountMinor: '19000', currency: 'USD', at: '2026-03-01T10:00:00.000Z' },
  },
  StructuringSuspected: {
    1: {
      donationId: 'd3',
      campaignId: 'spring',
      committeeId: 'cmte-1',
      donorId: 'dn_c',
      amountMinor: '19000',
      currency: 'USD',
      receivedAt: '2026-03-01T10:00:00.000Z',
      findings: [{ detector: 'just-under-threshold', keyKind: 'paymentInstrument', relatedDonationIds: ['d1', 'd2'], figures: { thresholdMinor: '20000' } }],
      ruleIds: ['structuring-just-under-threshold'],
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
      reviewDueOn: '2026-03-11',
    },
  },
  ExcessCounted: {
    1: { donationId: 'd1', donorId: 'dn_a', electionId: 'G2026', amountMinor: '5000', currency: 'USD', remedy: 'redesignation', decisionEventId: 'ev-9', paymentMethod: 'card' },
  },
  DonorIdentitiesLinked: { 1: { committeeId: 'cmte-1', donorId: 'dn_a', linkedDonorId: 'dn_b', officer: 'api-key:abc', reason: 'one person, initial and full name' } },
  DonorIdentitiesUnlinked: { 1: { committeeId: 'cmte-1', linkId: 'link-1', donorId: 'dn_a', linkedDonorId: 'dn_b', officer: 'api-key:abc', reason: 'linked in error: two people at one address' } },
  ReviewItemApproved: { 1: { donationId: 'd1', committeeId: 'cmte-1', item: 'structuring', officer: 'api-key:abc', reason: 'spouses sharing a card' } },
  ReviewItemRejected: {
    1: { donationId: 'd1', committeeId: 'cmte-1', item: 'questionable_source', officer: 'api-key:abc', reason: 'no evidence', refundAmountMinor: '2500', currency: 'USD' },
  },
  ExcessRedesignated: {
    1: {
      donationId: 'd1',
      committeeId: 'cmte-1',
      donorId: 'dn_a',
      fromElectionId: 'P2026',
      toElectionId: 'G2026',
      amountMinor: '5000',
      currency: 'USD',
      remainingExcessMinor: '0',
      officer: 'api-key:abc',
      reason: 'donor designated the general in writing',
    },
  },
  ExcessReattributed: {
    1: {
      donationId: 'd1',
      committeeId: 'cmte-1',
      fromDonorId: 'dn_a',
      toDonorId: 'dn_b',
      electionId: 'G2026',
      amountMinor: '5000',
      currency: 'USD',
      remainingExcessMinor: '0',
      officer: 'api-key:abc',
      reason: 'joint account, both signed',
    },
  },
  ReviewInformationRequested: { 1: { donationId: 'd1', committeeId: 'cmte-1', item: 'best_efforts', officer: 'api-key:abc', reason: 'asked for employer by email' } },
  RewardSupportReversed: {
    1: {
      campaignId: 'spring',
      donorId: 'dn_a',
      donationId: 'd1',
      reversedAmountMinor: '2500',
      currency: 'USD',
      reason: 'refund',
      donationRemainingMinor: '0',
      totalAfterMinor: '1000',
    },
  },
  RewardRevoked: {
    1: {
      grantId: 'g1',
      campaignId: 'spring',
      committeeId: 'c-smith',
      tierId: 'mug',
      donorId: 'dn_a',
      donationId: 'd1',
      rewardKind: 'item',
      fairMarketValueMinor: '1200',
      currency: 'USD',
      reason: 'chargeback',
      causationEventId: 'e1',
      stockReturned: true,
      revokedAt: '2026-03-03T10:00:00.000Z',
    },
  },
  RewardRevocationFlagged: {
    1: { grantId: 'g1', campaignId: 'spring', tierId: 'mug', donorId: 'dn_a', fulfilmentStatus: 'shipped', reason: 'refund', flaggedAt: '2026-03-03T10:00:00.000Z' },
  },
  RewardWaitlistLeft: {
    1: { campaignId: 'spring', tierId: 'mug', donorId: 'dn_b', donationId: 'd2', reason: 'rejection', leftAt: '2026-03-03T10:00:00.000Z' },
  },
  RewardFulfilmentRecorded: {
    1: { grantId: 'g1', campaignId: 'spring', tierId: 'mug', donorId: 'dn_a', status: 'redeemed', note: null, recordedBy: 'api-key:k1', recordedAt: '2026-03-03T10:00:00.000Z' },
  },
  ConduitRegistered: { 1: { committeeId: 'party-conduit', fecId: 'C00123456', name: 'Party Victory Fund', tenantId: 'party-a', registeredBy: 'api-key:k1' } },
  ConduitRecipientAdded: {
    1: { conduitCommitteeId: 'party-conduit', recipientCommitteeId: 'cmte-1', kind: 'outside', committeeType: 'authorized_committee', name: 'Friends of Ada', fecId: 'C00654321' },
  },
  CheckoutReceived: {
    1: {
      checkoutId: 'co-1',
      conduitCommitteeId: 'party-conduit',
      campaignId: 'camp-1',
      donorId: 'dn_a',
      amountMinor: '15000',
      currency: 'USD',
      payment: { method: 'card', pspReference: 'pi_1' },
      receivedAt: '2026-09-02T10:00:00Z',
      shares: [
        { donationId: 'd-1', recipientCommitteeId: 'cmte-1', amountMinor: '10000', electionId: 'G2026' },
        { donationId: 'd-2', recipientCommitteeId: 'cmte-2', amountMinor: '5000', electionId: null },
      ],
    },
  },
  CheckoutPaymentReversed: {
    1: { checkoutId: 'co-1', kind: 'refund', pspEventId: 'evt_1', amountMinor: '300', currency: 'USD', policy: 'pro_rata', parts: [{ donationId: 'd-1', amountMinor: '200' }, { donationId: 'd-2', amountMinor: '100' }] },
  },
  EarmarksForwarded: {
    1: { batchId: 'b-1', conduitCommitteeId: 'party-conduit', campaignId: 'camp-1', recipientCommitteeId: 'cmte-1', amountMinor: '10000', currency: 'USD', forwardedOn: '2026-09-05', donationIds: ['d-1'], recordedBy: 'api-key:k1' },
  },
  EarmarksReceived: {
    1: {
      batchId: 'b-1', conduitCommitteeId: 'party-conduit', campaignId: 'camp-1', recipientCommitteeId: 'cmte-1', amountMinor: '10000', currency: 'USD', forwardedOn: '2026-09-05',
      donationIds: ['d-1'], recordedBy: 'api-key:k1', conduitFecId: 'C00123456', conduitName: 'Party Victory Fund',
    },
  },
};

const validCases = Object.entries(VALID).flatMap(([type, versions]) =>
  Object.entries(versions).map(([version, payload]) => [type, Number(version), payload] as const),
);

/** A DonationReceived v2 payload with some members replaced, as JSON off the bus would be. */
const receivedV2 = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...structuredClone(VALID.DonationReceived[2]),
  ...changes,
});
const validateReceivedV2 = (payload: unknown): string[] => validatePayload('DonationReceived', 2, payload);

describe('PAYLOAD_SCHEMAS', () => {
  it('describes every version from 1 to the current one of every event type, and no other', () => {
    const described = Object.entries(PAYLOAD_SCHEMAS).map(([type, versions]) => [type, Object.keys(versions)]);
    const expected = Object.entries(CURRENT_VERSIONS).map(([type, current]) => [
      type,
      Array.from({ length: current }, (_, index) => String(index + 1)),
    ]);
    expect(Object.fromEntries(described)).toEqual(Object.fromEntries(expected));
  });

  it('is frozen all the way down, so no consumer can loosen a shared contract', () => {
    const donor = PAYLOAD_SCHEMAS.DonationReceived[2].fields.donor;
    expect(Object.isFrozen(PAYLOAD_SCHEMAS.DonationReceived)).toBe(true);
    expect(Object.isFrozen(donor.fields)).toBe(true);
    expect(Object.isFrozen(donor.fields.type.values)).toBe(true);
  });
});

describe('validatePayload', () => {
  it.each(validCases)('passes a well-formed %s v%d payload', (type, version, payload) => {
    expect(validatePayload(type, version, payload)).toEqual([]);
  });

  describe('given a DonationReceived v2 payload', () => {
    it('when a required member is missing, then it names it', () => {
      const { currency: _currency, ...payload } = receivedV2();
      expect(validateReceivedV2(payload)).toEqual(['payload.currency: missing']);
    });

    it('when a member has the wrong JSON type, then it names the member and both types', () => {
      expect(validateReceivedV2(receivedV2({ amountMinor: 2500 }))).toEqual([
        'payload.amountMinor: expected a decimal string of minor units such as "3500", got number 2500',
      ]);
    });

    it.each(['1.5', '25.00', '', '1e3', '0025', ' 25'])('when the amount is %j, then it is refused', (amountMinor) => {
      expect(validateReceivedV2(receivedV2({ amountMinor }))).toEqual([
        'payload.amountMinor: expected a decimal string of minor units such as "3500", got a string',
      ]);
    });

    it('when an enum member has a value outside the union, then it lists the allowed values', () => {
      const payload = receivedV2({ payment: { method: 'crypto', pspReference: null } });
      expect(validateReceivedV2(payload)).toEqual([
        'payload.payment.method: expected one of card, bank_transfer, check, cash, in_kind, got a string',
      ]);
    });

    it('when a nested member is wrong, then the path leads to it', () => {
      const donor = { ...VALID.DonationReceived[2].donor, attestations: { ownFunds: 'yes' } };
      expect(validateReceivedV2(receivedV2({ donor }))).toEqual([
        'payload.donor.attestations.ownFunds: expected a boolean, got a string',
      ]);
    });

    it('when optional attestations are absent or undefined, then that is fine', () => {
      const donor = { ...VALID.DonationReceived[2].donor, attestations: { ownFunds: undefined } };
      expect(validateReceivedV2(receivedV2({ donor }))).toEqual([]);
    });

    it('when a non-nullable member is null, then it is refused', () => {
      expect(validateReceivedV2(receivedV2({ donationId: null }))).toEqual([
        'payload.donationId: expected a string, got null',
      ]);
    });

    it('when a member outside the contract is present, then it is named', () => {
      expect(validateReceivedV2(receivedV2({ amountCents: 2500 }))).toEqual([
        'payload.amountCents: not part of the contract',
      ]);
    });

    it('when JSON smuggles a __proto__ member, then it is refused like any unknown member', () => {
      const payload: unknown = JSON.parse(JSON.stringify(receivedV2()).replace(/^\{/, '{"__proto__":{"x":1},'));
      expect(validateReceivedV2(payload)).toEqual(['payload.__proto__: not part of the contract']);
    });

    it.each([
      ['a local time', '2026-10-01T18:29:59'],
      ['an offset other than Z', '2026-10-01T18:29:59+01:00'],
      ['a space instead of T', '2026-10-01 18:29:59Z'],
      ['a date that does not exist', '2026-02-30T00:00:00Z'],
      ['hour 24', '2026-10-01T24:00:00Z'],
      ['a date alone', '2026-10-01'],
    ])('when receivedAt is %s, then it is refused', (_case, receivedAt) => {
      expect(validateReceivedV2(receivedV2({ receivedAt }))).toEqual([
        'payload.receivedAt: expected an ISO 8601 UTC instant such as "2026-03-01T12:00:00.000Z", got a string',
      ]);
    });

    it.each(['usd', 'US', 'USDT', 840])('when the currency is %j, then it is refused', (currency) => {
      expect(validateReceivedV2(receivedV2({ currency }))).toHaveLength(1);
    });

    it.each([null, 'a string', [1, 2]])('when the payload itself is %j, then it is refused', (payload) => {
      expect(validateReceivedV2(payload)).toEqual([expect.stringMatching(/^payload: expected an object, got /)]);
    });
  });

  describe('given the donor snapshot of DonationReceived v3', () => {
    it('when detailsGiven is missing, then it is named; null (not known) is allowed', () => {
      const { detailsGiven: _dropped, ...donor } = VALID.DonationReceived[3].donor;
      expect(validatePayload('DonationReceived', 3, { ...VALID.DonationReceived[3], donor })).toEqual(['payload.donor.detailsGiven: missing']);
      const unknown = { ...VALID.DonationReceived[3].donor, detailsGiven: null };
      expect(validatePayload('DonationReceived', 3, { ...VALID.DonationReceived[3], donor: unknown })).toEqual([]);
    });

    it('when a v2 payload carries detailsGiven, then it is outside that version', () => {
      const donor = { ...VALID.DonationReceived[2].donor, detailsGiven: null };
      expect(validateReceivedV2(receivedV2({ donor }))).toEqual(['payload.donor.detailsGiven: not part of the contract']);
    });
  });

  describe('given other payload shapes', () => {
    it('when an array item is wrong, then the path carries its index', () => {
      const payload = { ...VALID.DonationAccepted[1], ruleIds: ['fec.limit', 7] };
      expect(validatePayload('DonationAccepted', 1, payload)).toEqual([
        'payload.ruleIds[1]: expected a string, got number 7',
      ]);
    });

    it('when a map value is wrong, then the path carries its key', () => {
      const payload = { ...VALID.DonationRejected[1], figures: { limitMinor: 350000 } };
      expect(validatePayload('DonationRejected', 1, payload)).toEqual([
        'payload.figures["limitMinor"]: expected a string, got number 350000',
      ]);
    });

    it('when an election date does not exist, then it is refused', () => {
      const elections = [{ electionId: 'G2026', kind: 'general', date: '2026-11-31' }];
      expect(validatePayload('CommitteeRegistered', 1, { ...VALID.CommitteeRegistered[1], elections })).toEqual([
        'payload.elections[0].date: expected a calendar date such as "2026-11-03", got a string',
      ]);
    });

    it.each([12.5, 2 ** 53, '2500'])('when a v1 amountCents is %j, then it is refused', (amountCents) => {
      const payload = { ...VALID.DonationReceived[1], amountCents };
      expect(validatePayload('DonationReceived', 1, payload)).toEqual([
        expect.stringMatching(/^payload\.amountCents: expected a safe integer, got /),
      ]);
    });

    it('when the type or version is unknown, then that is the one problem', () => {
      expect(validatePayload('DonationReceived', 99, {})).toEqual([
        'DonationReceived v99: no such event type and version in the contracts',
      ]);
      expect(validatePayload('toString', 1, {})).toEqual([
        'toString v1: no such event type and version in the contracts',
      ]);
    });

    it('when a payload is wrong everywhere, then the list is capped so it fits a dead-letter header', () => {
      const payload = { ...VALID.DonationAccepted[1], ruleIds: Array(50).fill(0) };
      const problems = validatePayload('DonationAccepted', 1, payload);
      expect(problems).toHaveLength(21);
      expect(problems[20]).toBe('… and 30 more problems');
    });
  });
});
