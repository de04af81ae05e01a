import { useState, type FormEvent } from 'react';
import { decimalToMinor, formatInstant, formatMoney } from '../format';
import { Field, NeedsWorkspace, ProblemView, useConsole, useLoad } from '../shared';

interface Item {
  donationId: string;
  donorId: string;
  receivedAt: string;
  status: string;
  currency: string;
  receivedMinor: number;
  countedMinor: number;
  flags: string[];
}

interface Page {
  total: number;
  limit: number;
  offset: number;
  items: Item[];
}

const PAGE_SIZE = 25;
const STATUSES = ['received', 'accepted', 'partly_accepted', 'flagged', 'rejected', 'partly_refunded', 'refunded', 'charged_back'];

interface Filters {
  q: string;
  status: string;
  from: string;
  to: string;
  min: string;
  max: string;
  flagged: string;
}

const EMPTY: Filters = { q: '', status: '', from: '', to: '', min: '', max: '', flagged: '' };

/** The filters as the API's query: typed amounts become minor units (never floats), or an error. */
function queryOf(filters: Filters, currency: string, offset: number): { query: string } | { problem: string } {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  for (const [name, value] of [['q', filters.q], ['status', filters.status], ['from', filters.from], ['to', filters.to], ['flagged', filters.flagged]] as const) {
    if (value.trim()) query.set(name, value.trim());
  }
  for (const [name, value] of [['minMinor', filters.min], ['maxMinor', filters.max]] as const) {
    if (!value.trim()) continue;
    const minor = decimalToMinor(value, currency);
    if (minor === null) return { problem: `${name === 'minMinor' ? 'Smallest' : 'Largest'} amount must be a number with at most two decimals.` };
    query.set(name, minor.toString());
  }
  return { query: query.toString() };
}

function List({ campaignId }: { campaignId: string }) {
  const { api, display, committee } = useConsole();
  const currency = committee?.currency ?? 'USD';
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const built = queryOf(filters, currency, offset);
  const page = useLoad('query' in built ? `${campaignId}?${built.query}` : null, () =>
    api.get<Page>(`/v1/campaigns/${encodeURIComponent(campaignId)}/reports/donations?${'query' in built ? built.query : ''}`),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setFilters(draft);
  };
  const text = (key: keyof Filters, label: string, hint?: string) => (
    <Field id={`filter-${key}`} label={label}>
      <input id={`filter-${key}`} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} placeholder={hint} />
    </Field>
  );
  const data = page.data;
  return (
    <>
      <form onSubmit={submit} aria-label="Filter donations" className="filters">
        {text('q', 'Donation or donor id (or its start)')}
        <Field id="filter-status" label="Status">
          <select id="filter-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </Field>
        {text('from', 'Received from (YYYY-MM-DD)')}
        {text('to', 'Received before (YYYY-MM-DD)')}
        {text('min', `Smallest amount (${currency})`)}
        {text('max', `Largest amount (${currency})`)}
        <Field id="filter-flagged" label="Flagged">
          <select id="filter-flagged" value={draft.flagged} onChange={(e) => setDraft({ ...draft, flagged: e.target.value })}>
            <option value="">Either</option>
            <option value="true">Flagged</option>
            <option value="false">Not flagged</option>
          </select>
        </Field>
        <button type="submit">Search</button>
      </form>
      {'problem' in built && <p role="alert" className="problem">{built.problem}</p>}
      <ProblemView error={page.error} />
      {data && (
        <>
          <table>
            <caption>
              Donations {data.total === 0 ? 0 : data.offset + 1}–{data.offset + data.items.length} of <span data-testid="donation-total">{data.total}</span>, newest first
            </caption>
            <thead>
              <tr><th scope="col">Donation</th><th scope="col">Received</th><th scope="col">Status</th><th scope="col">Amount</th><th scope="col">Counts for</th><th scope="col">Flags</th></tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.donationId}>
                  <td><a href={`#/donations/${encodeURIComponent(d.donationId)}`}>{d.donationId}</a></td>
                  <td>{formatInstant(d.receivedAt, display)}</td>
                  <td>{d.status}</td>
                  <td>{formatMoney(d.receivedMinor, d.currency, display)}</td>
                  <td>{formatMoney(d.countedMinor, d.currency, display)}</td>
                  <td>{d.flags.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label="Pages of donations" className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Previous page</button>{' '}
            <button type="button" disabled={offset + PAGE_SIZE >= data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>Next page</button>
          </nav>
        </>
      )}
    </>
  );
}

export function DonationList() {
  const { workspace } = useConsole();
  return (
    <NeedsWorkspace what="campaign">
      <List campaignId={workspace.campaignId} />
    </NeedsWorkspace>
  );
}
