import { useState, type FormEvent } from 'react';
import type { QueueItem, RecordedDecision, ReviewDecision, ReviewQueue } from '../api/types';
import { decimalToMinor, formatDay, formatInstant, formatMoney } from '../format';
import { mayAny } from '../session';
import { Field, NeedsWorkspace, ProblemView, useConsole, useLoad } from '../shared';

const DECISIONS: { value: ReviewDecision; label: string }[] = [
  { value: 'approve', label: 'Approve (keep)' },
  { value: 'reject', label: 'Reject and refund' },
  { value: 'redesignate', label: 'Redesignate to another election' },
  { value: 'reattribute', label: 'Reattribute to another donor' },
  { value: 'request_information', label: 'Request information' },
];

/** Finds a donor's id from who they are (the API's donor lookup, admin-only). */
function DonorSearch({ idPrefix, onFound }: { idPrefix: string; onFound: (donorId: string) => void }) {
  const { api } = useConsole();
  const [name, setName] = useState('');
  const [postalCode, setPostalCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [found, setFound] = useState<string | null>(null);
  const search = () => {
    setError(null);
    api.post<{ donorId: string }>('/v1/donors/lookup', { donor: { type: 'individual', name, address: { postalCode } } }).then((r) => {
      setFound(r.donorId);
      onFound(r.donorId);
    }, setError);
  };
  return (
    <fieldset>
      <legend>Find the donor</legend>
      <Field id={`${idPrefix}-search-name`} label="Donor's name">
        <input id={`${idPrefix}-search-name`} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field id={`${idPrefix}-search-postal`} label="Postal code">
        <input id={`${idPrefix}-search-postal`} value={postalCode} onChange={(e) => setPostalCode(e.target.value)} />
      </Field>
      <button type="button" onClick={search}>Find donor</button>
      {found && <p role="status">Found donor {found}.</p>}
      <ProblemView error={error} />
    </fieldset>
  );
}

function DecisionForm({ item, onRecorded }: { item: QueueItem; onRecorded: (d: RecordedDecision) => void }) {
  const { api, committee, session } = useConsole();
  const [decision, setDecision] = useState<ReviewDecision>('approve');
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [toElectionId, setToElectionId] = useState('');
  const [toDonorId, setToDonorId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = amount.trim() === '' ? undefined : decimalToMinor(amount, item.currency);
    if (amountMinor === null) return setInvalid('Amount must be a number with at most two decimals.');
    setInvalid(null);
    setBusy(true);
    try {
      const body = {
        item: item.kind,
        decision,
        reason,
        ...(amountMinor === undefined ? {} : { amountMinor: Number(amountMinor) }),
        ...(decision === 'redesignate' ? { toElectionId } : {}),
        ...(decision === 'reattribute' ? { toDonorId } : {}),
      };
      onRecorded(await api.post<RecordedDecision>(`/v1/donations/${encodeURIComponent(item.donationId)}/review/decisions`, body));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const idp = `decide-${item.donationId}-${item.kind}`;
  return (
    <form onSubmit={submit} aria-label={`Decide ${item.kind} on donation ${item.donationId}`} className="decision">
      <Field id={`${idp}-decision`} label="Decision">
        <select id={`${idp}-decision`} value={decision} onChange={(e) => setDecision(e.target.value as ReviewDecision)}>
          {DECISIONS.map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
        </select>
      </Field>
      <Field id={`${idp}-reason`} label="Reason (required, recorded on the ledger)">
        <textarea id={`${idp}-reason`} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Field id={`${idp}-amount`} label={`Amount in ${item.currency} (optional: the whole item when empty)`}>
        <input id={`${idp}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={invalid !== null} />
      </Field>
      {decision === 'redesignate' && (
        <Field id={`${idp}-election`} label="To election">
          <select id={`${idp}-election`} required value={toElectionId} onChange={(e) => setToElectionId(e.target.value)}>
            <option value="">Choose…</option>
            {committee?.elections.map((e) => <option key={e.electionId} value={e.electionId}>{e.electionId} ({e.kind}, {e.date})</option>)}
          </select>
        </Field>
      )}
      {decision === 'reattribute' && (
        <>
          {mayAny(session, []) ? <DonorSearch idPrefix={idp} onFound={setToDonorId} /> : <p className="hint">A donor search needs an admin key (the donor lookup is admin-only); paste the donor id they found.</p>}
          <Field id={`${idp}-donor`} label="To donor id">
            <input id={`${idp}-donor`} required value={toDonorId} onChange={(e) => setToDonorId(e.target.value)} />
          </Field>
        </>
      )}
      {invalid && <p role="alert" className="problem">{invalid}</p>}
      <button type="submit" disabled={busy}>Record decision</button>
      <ProblemView error={error} />
    </form>
  );
}

function Queue({ committeeId }: { committeeId: string }) {
  const { api, display, session } = useConsole();
  const queue = useLoad(committeeId, () => api.get<ReviewQueue>(`/v1/committees/${encodeURIComponent(committeeId)}/review-queue`));
  const [open, setOpen] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<RecordedDecision | null>(null);
  const decides = mayAny(session, ['officer']);
  if (queue.error) return <ProblemView error={queue.error} />;
  if (!queue.data) return <p role="status">Loading…</p>;
  const { items, overdue, asOf } = queue.data;
  return (
    <>
      {recorded && (
        <div role="status" className="recorded" data-testid="recorded">
          The ledger recorded <strong>{recorded.type}</strong> (event {recorded.eventId}) on {formatInstant(recorded.decidedAt, display)} by {recorded.officer}: “{recorded.reason}”.
        </div>
      )}
      <p>
        {items.length} open items as of {formatDay(asOf, display)}, {overdue} overdue. Soonest legal deadline first.
      </p>
      <button type="button" onClick={queue.reload}>Refresh</button>
      <table>
        <caption>Review queue of committee {committeeId}</caption>
        <thead>
          <tr><th scope="col">Due</th><th scope="col">Item</th><th scope="col">Donation</th><th scope="col">Amount</th><th scope="col">Action</th></tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const id = `${item.donationId}-${item.kind}`;
            return (
              <tr key={id} className={item.overdue ? 'overdue' : undefined} data-testid={`queue-${id}`}>
                <td>{formatDay(item.dueOn, display)}{item.overdue && <strong className="overdue-mark"> overdue</strong>}</td>
                <td>{item.kind}</td>
                <td><a href={`#/donations/${encodeURIComponent(item.donationId)}`}>{item.donationId}</a></td>
                <td>{formatMoney(item.amountMinor, item.currency, display)}</td>
                <td>
                  {decides ? (
                    <>
                      <button type="button" aria-expanded={open === id} onClick={() => setOpen(open === id ? null : id)}>
                        Decide<span className="visually-hidden"> {item.kind} on {item.donationId}</span>
                      </button>
                      {open === id && (
                        <DecisionForm
                          item={item}
                          onRecorded={(d) => {
                            setRecorded(d);
                            setOpen(null);
                            queue.reload();
                          }}
                        />
                      )}
                    </>
                  ) : 'read only'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

export function Review() {
  const { workspace } = useConsole();
  return (
    <NeedsWorkspace what="committee">
      <Queue committeeId={workspace.committeeId} />
    </NeedsWorkspace>
  );
}
