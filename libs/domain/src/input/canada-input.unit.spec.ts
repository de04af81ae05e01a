import { parseCommitteeRequest, parseDonationRequest } from './intake-input.js';

describe('a Canadian registered party at intake', () => {
  it('given a registration as CA-CEA-PARTY in CAD with no elections, then it is read', () => {
    expect(parseCommitteeRequest({ name: 'Parti Exemple', jurisdiction: 'CA-CEA-PARTY', currency: 'CAD' })).toMatchObject({ jurisdiction: 'CA-CEA-PARTY', currency: 'CAD', elections: [] });
  });

  it.each([true, false])('given a donor attesting canadianCitizenOrPermanentResident: %p, then the attestation is kept as given', (attested) => {
    const donation = parseDonationRequest({
      amountMinor: 2_000,
      currency: 'CAD',
      donor: { type: 'individual', name: 'Ana Citoyenne', address: { postalCode: 'K1A 0A6', country: 'CA' }, attestations: { canadianCitizenOrPermanentResident: attested } },
      payment: { method: 'card' },
    });
    expect(donation.donor.attestations).toEqual({ canadianCitizenOrPermanentResident: attested });
  });
});
