import type { Role } from '../api/types';

/** The console's pages, with the roles the API lets read what each shows (an admin reads all). */
export const PAGES = [
  { id: 'dashboard', title: 'Dashboard', roles: ['intake', 'officer', 'auditor'] },
  { id: 'donations', title: 'Donations', roles: ['intake', 'officer', 'auditor'] },
  { id: 'review', title: 'Review queue', roles: ['officer', 'auditor'] },
  { id: 'filings', title: 'Filings', roles: ['intake', 'officer', 'auditor'] },
  { id: 'rewards', title: 'Rewards', roles: ['officer', 'auditor'] },
  { id: 'audit', title: 'Audit', roles: ['auditor'] },
  { id: 'admin', title: 'Admin', roles: [] },
] as const satisfies readonly { id: string; title: string; roles: readonly Role[] }[];

export type PageId = (typeof PAGES)[number]['id'];

export function route(hash: string): { page: PageId; arg: string | null } {
  const [, page, arg] = /^#\/([a-z]+)(?:\/(.+))?$/.exec(hash) ?? [];
  const known = PAGES.find((p) => p.id === page);
  return known ? { page: known.id, arg: arg ? decodeURIComponent(arg) : null } : { page: 'dashboard', arg: null };
}
