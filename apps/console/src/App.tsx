import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { apiClient, ApiError, type Api } from './api/client';
import { DIRECTORY_CHANGED } from './directory';
import { ErrorBoundary } from './ErrorBoundary';
import type { Campaign, Committee, Page as ListPage, Session } from './api/types';
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

/** Pages of a list followed to the end (at most 10 pages, 1,000 items: enough to choose from). */
async function everyPage<T>(api: Api, first: string): Promise<T[]> {
  const items: T[] = [];
  let path: string | null = first;
  for (let page = 0; path !== null && page < 10; page++) {
    const answer: ListPage<T> = await api.get<ListPage<T>>(path);
    items.push(...answer.items);
    path = answer.next;
  }
  return items;
}

/** The ids chosen may be ones the list has not got (just created, or typed before): they stay choosable. */
const withChosen = <T,>(items: T[], chosen: string, idOf: (item: T) => string): { id: string; label: string }[] => {
  const options = items.map((item) => ({ id: idOf(item), label: `${(item as { name?: string }).name ?? idOf(item)} (${idOf(item)})` }));
  return chosen && !options.some((o) => o.id === chosen) ? [{ id: chosen, label: chosen }, ...options] : options;
};

/** Committee and campaign, chosen from the caller's own lists (GET /v1/committees, /v1/campaigns). */
function WorkspaceForm({ api, workspace, onChange }: { api: Api; workspace: Workspace; onChange: (w: Workspace) => void }) {
  const [draft, setDraft] = useState(workspace);
  const [committees, setCommittees] = useState<Committee[]>([]);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => setDraft(workspace), [workspace]);
  useEffect(() => {
    const reread = () => setGeneration((g) => g + 1);
    window.addEventListener(DIRECTORY_CHANGED, reread);
    return () => window.removeEventListener(DIRECTORY_CHANGED, reread);
  }, []);
  useEffect(() => {
    everyPage<Committee>(api, '/v1/committees?limit=100').then(setCommittees, setError);
  }, [api, workspace, generation]);
  useEffect(() => {
    setCampaigns([]);
    if (!draft.committeeId) return;
    everyPage<Campaign>(api, `/v1/campaigns?limit=100&committeeId=${encodeURIComponent(draft.committeeId)}`).then(setCampaigns, setError);
  }, [api, draft.committeeId, workspace, generation]);
  return (
    <form
      className="workspace"
      aria-label="Committee and campaign"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ committeeId: draft.committeeId, campaignId: draft.campaignId });
      }}
    >
      <Field id="ws-committee" label="Committee">
        <select id="ws-committee" value={draft.committeeId} onChange={(e) => setDraft({ committeeId: e.target.value, campaignId: '' })}>
          <option value="">Choose a committee</option>
          {withChosen(committees, draft.committeeId, (c) => c.committeeId).map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </select>
      </Field>
      <Field id="ws-campaign" label="Campaign">
        <select id="ws-campaign" value={draft.campaignId} onChange={(e) => setDraft({ ...draft, campaignId: e.target.value })}>
          <option value="">Choose a campaign</option>
          {withChosen(campaigns, draft.campaignId, (c) => c.campaignId).map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </select>
      </Field>
      <button type="submit">Open</button>
      <ProblemView error={error} />
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
  // One client per key: pages keep their streams and polls while the app re-renders.
  const api = useMemo(() => (key ? apiClient(key) : null), [key]);

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
        <WorkspaceForm api={api} workspace={workspace} onChange={changeWorkspace} />
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
