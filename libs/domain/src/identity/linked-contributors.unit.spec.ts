import { eachDonorAlone, linkedContributors } from './linked-contributors.js';

describe('linked donor identities are one contributor (issue 14, item 12)', () => {
  describe('given no links', () => {
    it('then each donor id is a contributor of its own', () => {
      const of = linkedContributors([]);
      expect([of('dn_a'), of('dn_b')]).toEqual(['dn_a', 'dn_b']);
      expect(of).toBe(eachDonorAlone);
    });
  });

  describe('given an officer linked "A. Lovelace" to "Ada Lovelace"', () => {
    const of = linkedContributors([{ donorId: 'dn_ada', linkedDonorId: 'dn_alovelace' }]);
    it('then both ids are one contributor, keyed by the least id', () => {
      expect(of('dn_ada')).toBe(of('dn_alovelace'));
      expect(of('dn_alovelace')).toBe('dn_ada');
    });
    it('then a donor not linked stays apart', () => {
      expect(of('dn_grace')).toBe('dn_grace');
    });
  });

  describe('given links in a chain, listed in any order', () => {
    const links = [
      { donorId: 'dn_c', linkedDonorId: 'dn_d' },
      { donorId: 'dn_b', linkedDonorId: 'dn_c' },
      { donorId: 'dn_d', linkedDonorId: 'dn_a' },
    ];
    it('then every id reached through another link is the same contributor, whatever the order', () => {
      const forward = linkedContributors(links);
      const backward = linkedContributors([...links].reverse());
      expect(['dn_a', 'dn_b', 'dn_c', 'dn_d'].map(forward)).toEqual(['dn_a', 'dn_a', 'dn_a', 'dn_a']);
      expect(['dn_a', 'dn_b', 'dn_c', 'dn_d'].map(backward)).toEqual(['dn_a', 'dn_a', 'dn_a', 'dn_a']);
    });
    it('when the middle link is undone (no longer given), then the chain splits in two', () => {
      const of = linkedContributors(links.filter((l) => l.donorId !== 'dn_b'));
      expect(['dn_a', 'dn_b', 'dn_c', 'dn_d'].map(of)).toEqual(['dn_a', 'dn_b', 'dn_a', 'dn_a']);
    });
  });
});
