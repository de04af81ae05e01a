import { useState, type FormEvent } from 'react';
import { NeedsWorkspace, Field, ProblemView, useConsole } from '../shared';

type Param = 'from' | 'to' | 'year' | 'quarter' | 'weekStarting' | 'asOf';

/** Each filing and the parameters the reporting API asks of it (apps/reporting/src/filings/report-params.ts). */
const REPORTS: { id: string; title: string; params: Param[] }[] = [
  { id: 'fec-schedule-a', title: 'FEC Schedule A (itemized receipts)', params: ['from', 'to'] },
  { id: 'fec-48-hour-notices', title: 'FEC 48-hour notices', params: [] },
  { id: 'ppera-quarterly', title: 'PPERA quarterly donations report', params: ['year', 'quarter'] },
  { id: 'ppera-weekly', title: 'PPERA weekly pre-poll report', params: ['weekStarting'] },
  { id: 'large-donations', title: 'Large-donation register', params: ['from', 'to'] },
  { id: 'remedies-due', title: 'Remedies due', params: [] },
  { id: 'review-queue', title: 'Review queue', params: [] },
  { id: 'rewards-granted', title: 'Rewards granted', params: ['from', 'to'] },
];

const LABELS: Record<Param, string> = {
  from: 'From (first day, YYYY-MM-DD)',
  to: 'To (day after the last, YYYY-MM-DD)',
  year: 'Year',
  quarter: 'Quarter (1-4)',
  weekStarting: 'Week starting (YYYY-MM-DD)',
  asOf: 'As of (optional ISO instant: the books as they stood then)',
};

/** The first list of rows in a report's JSON, whatever the report calls it. */
function rowsOf(json: unknown): Record<string, unknown>[] {
  if (Array.isArray(json)) return json as Record<string, unknown>[];
  if (json && typeof json === 'object') {
    for (const value of Object.values(json)) if (Array.isArray(value) && value.every((v) => v && typeof v === 'object')) return value as Record<string, unknown>[];
  }
  return [];
}

const cell = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

function saveAs(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function FilingForm({ committeeId }: { committeeId: string }) {
  const { api } = useConsole();
  const year = new Date().getUTCFullYear();
  const [report, setReport] = useState(REPORTS[0].id);
  const [values, setValues] = useState<Record<Param, string>>({ from: `${year}-01-01`, to: `${year + 1}-01-01`, year: String(year), quarter: '1', weekStarting: `${year}-01-05`, asOf: '' });
  const [preview, setPreview] = useState<Record<string, unknown>[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const chosen = REPORTS.find((r) => r.id === report) ?? REPORTS[0];
  const path = (format: 'json' | 'csv') => {
    const query = new URLSearchParams({ format });
    for (const p of [...chosen.params, 'asOf' as const]) if (values[p].trim()) query.set(p, values[p].trim());
    return `/v1/committees/${encodeURIComponent(committeeId)}/reports/${chosen.id}?${query.toString()}`;
  };
  const run = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    }
  };
  const show = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => setPreview(rowsOf(await api.get<unknown>(path('json')))));
  };
  const download = (format: 'json' | 'csv') =>
    run(async () => saveAs(await api.download(path(format), format === 'csv' ? 'text/csv' : 'application/json'), `${committeeId}-${chosen.id}.${format}`));
  const columns = preview && preview.length > 0 ? Object.keys(preview[0]) : [];
  return (
    <>
      <form onSubmit={show} aria-label="Choose a filing">
        <Field id="report" label="Report">
          <select id="report" value={report} onChange={(e) => { setReport(e.target.value); setPreview(null); }}>
            {REPORTS.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
          </select>
        </Field>
        {[...chosen.params, 'asOf' as const].map((p) => (
          <Field key={p} id={`param-${p}`} label={LABELS[p]}>
            <input id={`param-${p}`} value={values[p]} onChange={(e) => setValues({ ...values, [p]: e.target.value })} />
          </Field>
        ))}
        <button type="submit">Preview</button>{' '}
        <button type="button" onClick={() => void download('csv')}>Download CSV</button>{' '}
        <button type="button" onClick={() => void download('json')}>Download JSON</button>
      </form>
      <ProblemView error={error} />
      {preview && (
        <div className="scroll" tabIndex={0} role="region" aria-label="Preview of the filing">
          <table>
            <caption>{chosen.title}: {preview.length} rows</caption>
            <thead><tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>
              {preview.map((row, i) => <tr key={i}>{columns.map((c) => <td key={c}>{cell(row[c])}</td>)}</tr>)}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function Filings() {
  const { workspace } = useConsole();
  return (
    <NeedsWorkspace what="committee">
      <FilingForm committeeId={workspace.committeeId} />
    </NeedsWorkspace>
  );
}
