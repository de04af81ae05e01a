import type { Role, Session } from './api/types';

/**
 * The API key lives in this tab's sessionStorage only: never localStorage, a cookie or a URL,
 * so closing the tab signs out and no other tab or link carries it.
 */
const KEY = 'hustings.console.key';
const WORKSPACE = 'hustings.console.workspace';

export interface Workspace {
  committeeId: string;
  campaignId: string;
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY, key);
export const forget = (): void => {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(WORKSPACE);
};

export function storedWorkspace(): Workspace {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(WORKSPACE) ?? '{}') as Partial<Workspace>;
    return { committeeId: parsed.committeeId ?? '', campaignId: parsed.campaignId ?? '' };
  } catch {
    return { committeeId: '', campaignId: '' };
  }
}
export const storeWorkspace = (workspace: Workspace): void => sessionStorage.setItem(WORKSPACE, JSON.stringify(workspace));

/** Mirrors the API's own check (an admin may do everything) to decide what to offer; the API still decides. */
export const mayAny = (session: Session, roles: readonly Role[]): boolean => session.roles.includes('admin') || session.roles.some((role) => roles.includes(role));
