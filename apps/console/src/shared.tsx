import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, type Api } from './api/client';
import type { Committee, Session } from './api/types';
import { displayOf, type Display } from './format';
import type { Workspace } from './session';

export interface ConsoleContext {
  api: Api;
  session: Session;
  workspace: Workspace;
  committee: Committee | null;
  display: Display;
}

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const context = useContext(Console);
  if (!context) throw new Error('useConsole outside the signed-in console');
  return context;
}

export const displayFor = (committee: Committee | null): Display => displayOf(committee?.jurisdiction, committee?.currency);

/** An API problem as the person reads it: a 403 says what the key may not do; nothing crashes. */
export function ProblemView({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError) {
    const { status, title, detail, code } = error.problem;
    return (
      <div role="alert" className={status === 403 ? 'problem forbidden' : 'problem'}>
        <strong>{title}</strong> <span className="code">({status}{code ? ` ${code}` : ''})</span>
        <p>{detail}</p>
      </div>
    );
  }
  return (
    <div role="alert" className="problem">
      <strong>Could not reach the API</strong>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads once per change of `key` (and on reload); null `key` loads nothing. */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: key !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function NeedsWorkspace({ what, children }: { what: 'committee' | 'campaign'; children: ReactNode }) {
  const { workspace } = useConsole();
  const id = what === 'committee' ? workspace.committeeId : workspace.campaignId;
  if (!id) return <p className="hint">Choose a {what} above to see this page.</p>;
  return <>{children}</>;
}

export function Field({ id, label, children, hint }: { id: string; label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** Figures as the API gave them, in a scrollable block a keyboard can reach. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <pre className="figures-json" tabIndex={0} role="region" aria-label={label}>
      {typeof value === 'string' ? value : JSON.stringify(value, null, 2)}
    </pre>
  );
}
