import { useState, type FormEvent } from 'react';
import { Field, JsonBlock, NeedsWorkspace, ProblemView, useConsole } from '../shared';

interface Bundle {
  files: Record<string, string>;
}

/** The newest seal in a bundle: the seals file's last JSON line, or its last array entry. */
function latestSeal(files: Record<string, string>): string | null {
  const name = Object.keys(files).filter((f) => /seal/i.test(f)).sort().pop();
  if (!name) return null;
  const text = files[name].trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    return JSON.stringify(Array.isArray(parsed) ? parsed[parsed.length - 1] : parsed, null, 2);
  } catch {
    return text.split('\n').pop() ?? null;
  }
}

function AuditExport({ committeeId }: { committeeId: string }) {
  const { api } = useConsole();
  const year = new Date().getUTCFullYear();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year + 1}-01-01`);
  const [bundle, setBundle] = useState<Bundle | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const query = new URLSearchParams({ from, to });
    api.get<Bundle>(`/v1/committees/${encodeURIComponent(committeeId)}/audit-export?${query.toString()}`).then(setBundle, setError);
  };
  const download = () => {
    if (!bundle) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(bundle)], { type: 'application/json' }));
    link.download = `${committeeId}-audit-${from}-${to}.json`;
    link.click();
  };
  const seal = bundle ? latestSeal(bundle.files) : null;
  return (
    <>
      <form onSubmit={submit} aria-label="Export an audit bundle">
        <Field id="audit-from" label="From (YYYY-MM-DD)"><input id="audit-from" value={from} onChange={(e) => setFrom(e.target.value)} /></Field>
        <Field id="audit-to" label="To (YYYY-MM-DD, exclusive)"><input id="audit-to" value={to} onChange={(e) => setTo(e.target.value)} /></Field>
        <button type="submit">Export</button>
      </form>
      <ProblemView error={error} />
      {bundle && (
        <section aria-labelledby="bundle-heading">
          <h2 id="bundle-heading">Bundle</h2>
          <ul>
            {Object.entries(bundle.files).map(([name, content]) => <li key={name}>{name}: {content.length} characters</li>)}
          </ul>
          <button type="button" onClick={download}>Download bundle</button>
          <p className="hint">Verify it anywhere with <code>npm run audit:verify -- bundle.json</code>: the verifier needs nothing else from us.</p>
          <h3>Latest seal</h3>
          <JsonBlock label="Latest seal" value={seal ?? 'No seal in this bundle.'} />
        </section>
      )}
    </>
  );
}

export function Audit() {
  const { workspace } = useConsole();
  return (
    <NeedsWorkspace what="committee">
      <AuditExport committeeId={workspace.committeeId} />
    </NeedsWorkspace>
  );
}
