import { useState, type FormEvent } from 'react';
import type { ApiKeyInfo, Role } from '../api/types';
import { formatInstant } from '../format';
import { Field, JsonBlock, ProblemView, useConsole, useLoad } from '../shared';
import { directoryChanged } from '../directory';

const ROLES: Role[] = ['intake', 'officer', 'auditor', 'admin'];
/** The currency a profile's committee books in, offered when its jurisdiction is picked (the server checks it). */
const CURRENCY_OF_PREFIX: Readonly<Record<string, string>> = { US: 'USD', UK: 'GBP', CA: 'CAD' };

function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (work: () => Promise<string>) => (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    work().then(setDone, setError);
  };
  return { error, done, run };
}

function NewCommittee() {
  const { api } = useConsole();
  const [f, setF] = useState({ committeeId: '', name: '', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', electionId: 'general-2028', kind: 'general', date: '2028-11-07' });
  const { error, done, run } = useSubmit();
  const submit = run(async () => {
    await api.post('/v1/committees', {
      committeeId: f.committeeId, name: f.name, jurisdiction: f.jurisdiction, currency: f.currency,
      elections: [{ electionId: f.electionId, kind: f.kind, date: f.date }], defaultElectionId: f.electionId,
    });
    directoryChanged();
    return `Committee ${f.committeeId} registered.`;
  });
  const input = (key: keyof typeof f, label: string) => (
    <Field id={`committee-${key}`} label={label}>
      <input id={`committee-${key}`} required value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </Field>
  );
  return (
    <form onSubmit={submit} aria-labelledby="new-committee">
      <h3 id="new-committee">Register a committee</h3>
      {input('committeeId', 'Committee id')}
      {input('name', 'Name')}
      <Field id="committee-jurisdiction" label="Jurisdiction">
        <select id="committee-jurisdiction" value={f.jurisdiction} onChange={(e) => setF({ ...f, jurisdiction: e.target.value, currency: CURRENCY_OF_PREFIX[e.target.value.slice(0, 2)] ?? 'USD' })}>
          <option>US-FEC-CANDIDATE</option>
          <option>UK-PPERA-PARTY</option>
          <option>UK-PPERA-ACCOUNTING-UNIT</option>
          <option>CA-CEA-PARTY</option>
        </select>
      </Field>
      {input('currency', 'Currency')}
      {input('electionId', 'Election id')}
      {input('kind', 'Election kind')}
      {input('date', 'Election date (YYYY-MM-DD)')}
      <button type="submit">Register</button>
      {done && <p role="status">{done}</p>}
      <ProblemView error={error} />
    </form>
  );
}

function NewCampaign() {
  const { api, workspace } = useConsole();
  const [f, setF] = useState({ campaignId: '', committeeId: workspace.committeeId, name: '', currency: 'USD' });
  const { error, done, run } = useSubmit();
  const submit = run(async () => {
    await api.post('/v1/campaigns', f);
    directoryChanged();
    return `Campaign ${f.campaignId} opened.`;
  });
  return (
    <form onSubmit={submit} aria-labelledby="new-campaign">
      <h3 id="new-campaign">Open a campaign</h3>
      {(['campaignId', 'committeeId', 'name', 'currency'] as const).map((key) => (
        <Field key={key} id={`campaign-${key}`} label={{ campaignId: 'Campaign id', committeeId: 'Committee id', name: 'Name', currency: 'Currency' }[key]}>
          <input id={`campaign-${key}`} required value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
        </Field>
      ))}
      <button type="submit">Open campaign</button>
      {done && <p role="status">{done}</p>}
      <ProblemView error={error} />
    </form>
  );
}

function ApiKeys() {
  const { api, display } = useConsole();
  const keys = useLoad('keys', () => api.get<{ keys: ApiKeyInfo[] }>('/v1/api-keys'));
  const [label, setLabel] = useState('');
  const [roles, setRoles] = useState<Role[]>(['officer']);
  const [issued, setIssued] = useState<(ApiKeyInfo & { key: string }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const issue = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    api.post<ApiKeyInfo & { key: string }>('/v1/api-keys', { roles, label }).then((k) => {
      setIssued(k);
      keys.reload();
    }, setError);
  };
  const revoke = (keyId: string) => {
    setError(null);
    api.post(`/v1/api-keys/${encodeURIComponent(keyId)}/revoke`).then(keys.reload, setError);
  };
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      <form onSubmit={issue} aria-label="Issue an API key">
        <Field id="key-label" label="Label (whose key it is)">
          <input id="key-label" required value={label} onChange={(e) => setLabel(e.target.value)} />
        </Field>
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label key={role} className="check">
              <input type="checkbox" checked={roles.includes(role)} onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))} /> {role}
            </label>
          ))}
        </fieldset>
        <button type="submit">Issue key</button>
      </form>
      {issued && (
        <div role="status" className="recorded">
          Key for {issued.label} ({issued.roles.join(', ')}), shown once: <code data-testid="issued-key">{issued.key}</code>
        </div>
      )}
      <ProblemView error={error ?? keys.error} />
      <table>
        <caption>Keys of this tenant</caption>
        <thead><tr><th scope="col">Key id</th><th scope="col">Label</th><th scope="col">Roles</th><th scope="col">Issued</th><th scope="col">Revoked</th><th scope="col">Action</th></tr></thead>
        <tbody>
          {(keys.data?.keys ?? []).map((k) => (
            <tr key={k.keyId}>
              <td>{k.keyId}</td>
              <td>{k.label}</td>
              <td>{k.roles.join(', ')}</td>
              <td>{formatInstant(k.createdAt, display)}</td>
              <td>{formatInstant(k.revokedAt, display)}</td>
              <td>{k.revokedAt ? '—' : <button type="button" onClick={() => revoke(k.keyId)}>Revoke<span className="visually-hidden"> {k.label}</span></button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The committee and campaign opened at the top, as the API holds them. */
function Opened() {
  const { api, committee, workspace } = useConsole();
  const campaign = useLoad(workspace.campaignId || null, () => api.get<unknown>(`/v1/campaigns/${encodeURIComponent(workspace.campaignId)}`));
  if (!committee && !workspace.campaignId) return null;
  return (
    <div className="columns">
      {committee && <JsonBlock label={`Committee ${committee.committeeId}`} value={committee} />}
      {campaign.data !== null && <JsonBlock label={`Campaign ${workspace.campaignId}`} value={campaign.data} />}
      <ProblemView error={campaign.error} />
    </div>
  );
}

export function Admin() {
  return (
    <>
      <section aria-labelledby="setup-heading">
        <h2 id="setup-heading">Committees and campaigns</h2>
        <p className="hint">Open one with the Committee and Campaign fields at the top of every page.</p>
        <Opened />
        <div className="columns">
          <NewCommittee />
          <NewCampaign />
        </div>
      </section>
      <ApiKeys />
    </>
  );
}
