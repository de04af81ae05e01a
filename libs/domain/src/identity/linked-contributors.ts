/** Two donor ids of one committee that an officer linked as one person, and that are still linked. */
export interface DonorLinkPair {
  donorId: string;
  linkedDonorId: string;
}

/** Whose aggregate a donor id's gifts count toward: the same key for every identity of one person. */
export type ContributorOf = (donorId: string) => string;

/** No links: every donor id is a contributor of its own. */
export const eachDonorAlone: ContributorOf = (donorId) => donorId;

/**
 * Which donor ids are one contributor (issue 14, item 12): the identities an officer linked,
 * directly or through another link, are one person, so a report adds their gifts into one
 * aggregate (52 U.S.C. 30104(b)(3)(A) itemizes a *contributor* whose aggregate passes $200; 11 CFR
 * 110.1(b) limits a *person*). Only links still in force are given: once unlinked, two ids count
 * apart again. The key of a group is its least donor id, so it does not depend on the order in
 * which the links were made or are listed. The compliance side walks the same links on the
 * donors' aggregates (apps/compliance/src/linked-donors.ts); this is its form for the read side.
 */
export function linkedContributors(links: readonly DonorLinkPair[]): ContributorOf {
  if (links.length === 0) return eachDonorAlone;
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let at = id;
    while (parent.has(at) && parent.get(at) !== at) at = parent.get(at) as string;
    return at;
  };
  for (const { donorId, linkedDonorId } of links) {
    const [a, b] = [root(donorId), root(linkedDonorId)];
    if (a === b) continue;
    // The smaller id stays the root: the key is the group's least id, whatever the order.
    if (a < b) parent.set(b, a);
    else parent.set(a, b);
  }
  return (donorId) => root(donorId);
}
