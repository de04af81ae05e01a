import { detectDonorNearMatch } from './donor-near-match.rule.js';
import { detectStructuring, type KeyHistory, type Sighting } from './structuring-detectors.js';
import { FEC_STRUCTURING } from './structuring.js';

const rules = FEC_STRUCTURING;
const RECEIVED_AT = '2026-12-01T15:00:00.000Z';
const DAY_MS = 24 * 60 * 60_000;
const subject = { donationId: 'd-initial', donorId: 'dn_initial', amountMinor: 20_000n, receivedAt: RECEIVED_AT };
const sighting = (donationId: string, donorId: string, daysBefore = 1, kind: Sighting['sighting'] = 'donation'): Sighting => ({
  donationId,
  donorId,
  sighting: kind,
  amountMinor: 200_000n,
  at: new Date(Date.parse(RECEIVED_AT) - daysBefore * DAY_MS).toISOString(),
});
const on = (keyKind: KeyHistory['keyKind'], ...earlier: Sighting[]): KeyHistory => ({ keyKind, earlier });

describe('donor near match (issue 14, item 12)', () => {
  describe('given "Ada Lovelace" gave yesterday under her own donor id, on the near name "A. Lovelace" shares', () => {
    it('when "A. Lovelace" gives, then the officer is shown Ada\'s donation and donor id as evidence', () => {
      expect(detectDonorNearMatch(rules, subject, on('nearName', sighting('d-ada', 'dn_ada')))).toEqual({
        detector: 'donor-near-match',
        keyKind: 'nearName',
        relatedDonationIds: ['d-ada'],
        figures: expect.objectContaining({ otherDonorIds: 'dn_ada', windowMinutes: String(30 * 24 * 60), evidence: expect.stringContaining('first initial') }),
      });
    });

    it('when the same key holds only the subject donor\'s own gifts (the certain case: one donor id), then nothing is flagged', () => {
      expect(detectDonorNearMatch(rules, subject, on('nearName', sighting('d-earlier', 'dn_initial')))).toBeNull();
    });

    it('when an officer has linked the two donor ids, then Ada\'s gifts are no near match any more', () => {
      expect(detectDonorNearMatch(rules, { ...subject, linkedDonorIds: new Set(['dn_ada']) }, on('nearName', sighting('d-ada', 'dn_ada')))).toBeNull();
      expect(detectDonorNearMatch(rules, { ...subject, linkedDonorIds: new Set(['dn_ada']) }, on('nearName', sighting('d-ada', 'dn_ada'), sighting('d-jr', 'dn_jr')))?.relatedDonationIds).toEqual(['d-jr']);
    });

    it('when Ada\'s gift was 29 days before, then it is evidence; 30 days before, then it is out of the window', () => {
      expect(detectDonorNearMatch(rules, subject, on('nearName', sighting('d-ada', 'dn_ada', 29.99)))?.relatedDonationIds).toEqual(['d-ada']);
      expect(detectDonorNearMatch(rules, subject, on('nearName', sighting('d-ada', 'dn_ada', 30)))).toBeNull();
    });

    it('when only a refund of Ada\'s is on the key, or the donation was sighted twice, then each donation counts once and refunds not at all', () => {
      expect(detectDonorNearMatch(rules, subject, on('nearName', sighting('d-ada', 'dn_ada', 1, 'refund')))).toBeNull();
      expect(detectDonorNearMatch(rules, subject, on('nearName', sighting('d-ada', 'dn_ada'), sighting('d-ada', 'dn_ada')))?.relatedDonationIds).toEqual(['d-ada']);
    });
  });

  describe('given one name and card at another postal code under another donor id', () => {
    it('when the donor gives again, then the name-and-card key is the evidence', () => {
      expect(detectDonorNearMatch(rules, subject, on('nameCard', sighting('d-moved', 'dn_old_address')))).toMatchObject({ keyKind: 'nameCard', figures: { evidence: expect.stringContaining('same card') } });
    });
  });

  describe('given other donors on a shared card, address, email or device', () => {
    it.each([['paymentInstrument'], ['address'], ['email'], ['device'], ['donor']] as const)('when the key is a %s, then it is no near match of identity (the structuring detectors judge those)', (keyKind) => {
      expect(detectDonorNearMatch(rules, subject, on(keyKind, sighting('d-spouse', 'dn_spouse')))).toBeNull();
    });
  });

  it('is one of the structuring detectors: a near match is flagged for review, never refused', () => {
    expect(detectStructuring(rules, subject, [on('nearName', sighting('d-ada', 'dn_ada'))]).map((f) => f.detector)).toEqual(['donor-near-match']);
  });
});
