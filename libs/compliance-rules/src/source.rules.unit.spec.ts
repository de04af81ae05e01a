import type { DonorAttestations, DonorType } from '#contracts';
import { checkProhibitedSource } from './prohibited-source.rule.js';
import { checkQuestionableSource } from './questionable-source.rule.js';
import { rulePackFor } from './rule-packs.js';

const fec = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
const uk = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');
const RECEIVED = '2026-03-01T23:30:00.000Z';
const citizen: DonorAttestations = { usCitizenOrPermanentResident: true };

const prohibited = (type: DonorType, attestations: DonorAttestations = citizen) => checkProhibitedSource(fec, { type, attestations });
const questionable = (type: DonorType, attestations: DonorAttestations, anonymous = false) =>
  checkQuestionableSource(fec, { type, attestations, anonymous }, RECEIVED);

describe('prohibited sources (FEC)', () => {
  it('given an individual citizen giving their own money, then nothing is prohibited', () => {
    expect(prohibited('individual', { usCitizenOrPermanentResident: true, ownFunds: true, notFederalContractor: true })).toEqual({ prohibited: false });
  });

  it.each([
    ['a corporation', 'company', citizen, 'prohibited_source_corporation'],
    ['a labour organisation', 'trade_union', citizen, 'prohibited_source_labor_organization'],
    ['a corporation that ticked every attestation', 'company', { usCitizenOrPermanentResident: true, ownFunds: true, notFederalContractor: true }, 'prohibited_source_corporation'],
    ['an individual who attested not being a citizen or permanent resident', 'individual', { usCitizenOrPermanentResident: false }, 'prohibited_source_foreign_national'],
    ['an individual who attested being a federal contractor', 'individual', { ...citizen, notFederalContractor: false }, 'prohibited_source_federal_contractor'],
    ['an individual giving someone else’s money', 'individual', { ...citizen, ownFunds: false }, 'contribution_in_name_of_another'],
  ] as const)('given %s, then it is refused as %s', (_case, type, attestations, code) => {
    expect(prohibited(type, attestations)).toMatchObject({ prohibited: true, code });
  });

  it('given attestations not asked at all, then that alone proves no prohibition', () => {
    expect(prohibited('individual', {})).toEqual({ prohibited: false });
    expect(prohibited('other', {})).toEqual({ prohibited: false });
  });

  it('given a pack without the rule (UK), then a company is not refused by it', () => {
    expect(checkProhibitedSource(uk, { type: 'company', attestations: {} })).toEqual({ prohibited: false });
  });
});

describe('questionable sources (FEC)', () => {
  const clock = [
    { action: 'deposit_or_return', dueOn: '2026-03-11' },
    { action: 'obtain_evidence_or_refund', dueOn: '2026-03-31' },
  ];

  it('given an individual without the citizenship attestation, then it is flagged on the 10- and 30-day clock from the day of receipt', () => {
    expect(questionable('individual', {})).toEqual({
      questionable: true,
      code: 'source_citizenship_not_attested',
      detail: 'the donor has not attested being a US citizen or permanent resident',
      deadlines: clock,
    });
  });

  it('given a donor of type other, then it is flagged for an officer to establish what it is', () => {
    expect(questionable('other', citizen)).toMatchObject({ questionable: true, code: 'source_type_unverified', deadlines: clock });
  });

  it('given an individual who attested citizenship, then nothing is in question', () => {
    expect(questionable('individual', citizen)).toEqual({ questionable: false });
  });

  it('given an anonymous donor, then nobody can be asked: nothing is in question here', () => {
    expect(questionable('individual', {}, true)).toEqual({ questionable: false });
  });

  it('given a pack without the rule (UK), then nothing is flagged by it', () => {
    expect(checkQuestionableSource(uk, { type: 'individual', attestations: {}, anonymous: false }, RECEIVED)).toEqual({ questionable: false });
  });
});
