import { useEffect, useState, type FormEvent } from 'react';
import { apiClient, ApiError } from './api/client';
import { ErrorBoundary } from './ErrorBoundary';
import type { Committee, Session } from './api/types';
import { PAGES, route, type PageId } from './pages/pages';
import { Page } from './pages/Page';
import { forget, mayAny, storedKey, storedWorkspace, storeKey, storeWorkspace, type Workspace } from './session';
import { Console, displayFor, Field, ProblemView } from './shared';

function SignIn({ onSignedIn }: { onSignedIn: (key: string, session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const session = await apiClient(key.trim()).get<Session>('/v1/session');
      onSignedIn(key.trim(), session);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <main id="main" className="sign-in">
      <h1>Hustings console</h1>
      <form onSubmit={submit} aria-describedby="sign-in-hint">
        <Field id="api-key" label="API key">
          <input id="api-key" name="api-key" type="password" autoComplete="off" required value={key} onChange={(e) => setKey(e.target.value)} />
        </Field>
        <p id="sign-in-hint" className="hint">
          The key is kept in this tab only and forgotten when the tab closes.
        </p>
        <button type="submit">Sign in</button>
      </form>
      <ProblemView error={error} />
    </main>
  );
}

function WorkspaceForm({ workspace, onChange }: { workspace: Workspace; onChange: (w: Workspace) => void }) {
  const [draft, setDraft] = useState(workspace);
  useEffect(() => setDraft(workspace), [workspace]);
  return (
    <form
      className="workspace"
      aria-label="Committee and campaign"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ committeeId: draft.committeeId.trim(), campaignId: draft.campaignId.trim() });
      }}
    >
      <Field id="ws-committee" label="Committee">
        <input id="ws-committee" value={draft.committeeId} onChange={(e) => setDraft({ ...draft, committeeId: e.target.value })} />
      </Field>
      <Field id="ws-campaign" label="Campaign">
        <input id="ws-campaign" value={draft.campaignId} onChange={(e) => setDraft({ ...draft, campaignId: e.target.value })} />
      </Field>
      <button type="submit">Open</button>
    </form>
  );
}

export function App() {
  const [key, setKey] = useState<string | null>(storedKey());
  const [session, setSession] = useState<Session | null>(null);
  const [sessionError, setSessionError] = useState<unknown>(null);
  const [workspace, setWorkspace] = useState<Workspace>(storedWorkspace());
  const [committee, setCommittee] = useState<Committee | null>(null);
  const [committeeError, setCommitteeError] = useState<unknown>(null);
  const [hash, setHash] = useState(window.location.hash);
  const api = key ? apiClient(key) : null;

  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!key || session) return;
    apiClient(key).get<Session>('/v1/session').then(setSession, (error: unknown) => {
      setSessionError(error);
      if (error instanceof ApiError && error.problem.status === 401) signOut();
    });
  }, [key, session]);
  useEffect(() => {
    setCommittee(null);
    setCommitteeError(null);
    if (!key || !workspace.committeeId) return;
    apiClient(key).get<Committee>(`/v1/committees/${encodeURIComponent(workspace.committeeId)}`).then(setCommittee, setCommitteeError);
  }, [key, workspace.committeeId]);
  const { page, arg } = route(hash);
  useEffect(() => {
    const title = PAGES.find((p) => p.id === page)?.title ?? 'Console';
    document.title = `${title} · Hustings console`;
  }, [page]);

  function signOut() {
    forget();
    setKey(null);
    setSession(null);
    setCommittee(null);
  }
  if (!key || !api) {
    return (
      <SignIn
        onSignedIn={(k, s) => {
          storeKey(k);
          setKey(k);
          setSession(s);
        }}
      />
    );
  }
  if (!session) return <main id="main"><p role="status">Signing in…</p><ProblemView error={sessionError} /></main>;
  const changeWorkspace = (w: Workspace) => {
    storeWorkspace(w);
    setWorkspace(w);
  };
  return (
    <Console.Provider value={{ api, session, workspace, committee, display: displayFor(committee) }}>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header>
        <p className="brand">Hustings console</p>
        <p className="who" aria-label="Signed in as">
          Tenant <strong data-testid="tenant">{session.tenantId}</strong> · roles <strong data-testid="roles">{session.roles.join(', ')}</strong>
        </p>
        <button type="button" onClick={signOut}>Sign out</button>
        <WorkspaceForm workspace={workspace} onChange={changeWorkspace} />
        {committee && <p className="committee">{committee.name} ({committee.jurisdiction}, {committee.currency})</p>}
        <ProblemView error={committeeError} />
      </header>
      <nav aria-label="Pages">
        <ul>
          {PAGES.filter((p) => mayAny(session, p.roles)).map((p) => (
            <li key={p.id}>
              <a href={`#/${p.id}`} aria-current={p.id === page ? 'page' : undefined}>{p.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={hash}>
          <Page page={page as PageId} arg={arg} />
        </ErrorBoundary>
      </main>
    </Console.Provider>
  );
}
