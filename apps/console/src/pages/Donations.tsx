import type { Donation, DonationLedger, DonationReview } from '../api/types';
import { formatDay, formatInstant, formatMoney } from '../format';
import { mayAny } from '../session';
import { JsonBlock, ProblemView, useConsole, useLoad } from '../shared';
import { DonationList } from './DonationList';

function Timeline({ donation }: { donation: Donation }) {
  const { display } = useConsole();
  return (
    <ol className="timeline" aria-label="Ledger history">
      {donation.history.map((entry) => (
        <li key={entry.eventId}>
          <strong>{entry.type}</strong> · {formatInstant(entry.at, display)} · status {entry.status}
          {entry.amountMinor !== null && <> · {formatMoney(entry.amountMinor, donation.currency, display)}</>}
          <br />
          <small>event {entry.eventId}</small>
        </li>
      ))}
    </ol>
  );
}

function ReviewOf({ donationId, currency }: { donationId: string; currency: string }) {
  const { api, display } = useConsole();
  const review = useLoad(donationId, () => api.get<DonationReview>(`/v1/donations/${encodeURIComponent(donationId)}/review`));
  if (review.error) return <ProblemView error={review.error} />;
  if (!review.data) return null;
  const { items, structuring, decisions } = review.data;
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      {items.length === 0 ? <p>Nothing to review.</p> : (
        <ul>
          {items.map((item) => (
            <li key={item.kind}>
              {item.kind}: {formatMoney(item.amountMinor, currency, display)}, due {formatDay(item.dueOn, display)} {item.open ? (item.overdue ? '(open, overdue)' : '(open)') : '(closed)'}
            </li>
          ))}
        </ul>
      )}
      {structuring && (
        <>
          <h3>Structuring findings (rule pack {structuring.rulePackVersion})</h3>
          <JsonBlock label="Structuring findings and their figures" value={structuring.findings} />
        </>
      )}
      <h3>Decisions</h3>
      {decisions.length === 0 ? <p>None yet.</p> : (
        <ul>
          {decisions.map((d) => (
            <li key={d.eventId}>
              {d.type} by {d.officer} on {formatInstant(d.decidedAt, display)}: {d.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The donation's facts as the ledger holds them, with the platform's check of each hash chain. */
function LedgerOf({ donationId }: { donationId: string }) {
  const { api, display } = useConsole();
  const ledger = useLoad(donationId, () => api.get<DonationLedger>(`/v1/donations/${encodeURIComponent(donationId)}/ledger`));
  if (ledger.error) return <ProblemView error={ledger.error} />;
  if (!ledger.data) return null;
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">Ledger and hash chain</h2>
      <p data-testid="chain-verdict" className={ledger.data.verified ? 'recorded' : 'problem'}>
        {ledger.data.verified ? 'Hash chain verifies' : 'Hash chain does NOT verify'}: {ledger.data.streams.map((s) => `${s.streamId} (${s.chain.checked} of ${s.events.length} events checked${s.chain.firstBad ? `, first bad at revision ${s.chain.firstBad.revision}: ${s.chain.firstBad.problem}` : ''})`).join('; ')}
      </p>
      {ledger.data.streams.map((stream) => (
        <div key={stream.streamId}>
          <h3>{stream.streamId}</h3>
          <ol className="timeline" aria-label={`Facts of ${stream.streamId}`}>
            {stream.events.map((e) => (
              <li key={e.eventId}>
                <strong>{e.type}</strong> v{e.version}, revision {e.revision}, position {e.position}, recorded {formatInstant(e.recordedAt, display)}
                {e.actor && <> by {e.actor}</>}
                <br />
                <small>hash {e.hash.slice(0, 16)}…, previous {e.prevHash ? `${e.prevHash.slice(0, 16)}…` : '(first)'}</small>
                <JsonBlock label={`Payload of ${e.type} at revision ${e.revision}`} value={e.payload} />
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}

function DonationView({ donationId }: { donationId: string }) {
  const { api, display, session } = useConsole();
  const loaded = useLoad(donationId, () => api.get<Donation>(`/v1/donations/${encodeURIComponent(donationId)}`));
  if (loaded.error) return <ProblemView error={loaded.error} />;
  if (!loaded.data) return <p role="status">Loading…</p>;
  const d = loaded.data;
  const money = (minor: number) => formatMoney(minor, d.currency, display);
  return (
    <article aria-labelledby="donation-heading">
      <h2 id="donation-heading">Donation {d.donationId}</h2>
      <dl className="facts">
        <div><dt>Status</dt><dd data-testid="donation-status">{d.status}</dd></div>
        <div><dt>Amount</dt><dd>{money(d.amountMinor)}</dd></div>
        <div><dt>Accepted</dt><dd>{money(d.acceptedAmountMinor)}</dd></div>
        <div><dt>Refunded</dt><dd>{money(d.refundedAmountMinor)}</dd></div>
        <div><dt>Counts for</dt><dd>{money(d.countedAmountMinor)}</dd></div>
        <div><dt>Received</dt><dd>{formatInstant(d.receivedAt, display)}</dd></div>
        <div><dt>Campaign</dt><dd>{d.campaignId}</dd></div>
        <div><dt>Election</dt><dd>{d.electionId ?? '—'}</dd></div>
        <div><dt>Itemized</dt><dd>{d.itemized ? 'yes' : 'no'}</dd></div>
      </dl>
      <h3>Payment</h3>
      <p>
        {d.payment.method}, {d.payment.pspReference}, {d.payment.status}, captured {money(d.payment.capturedAmountMinor)}
      </p>
      <h3>Decision</h3>
      <JsonBlock label="Rules and figures of the decision" value={{ decision: d.decision, rejection: d.rejection, flags: d.flags }} />
      <h3>Ledger history</h3>
      <Timeline donation={d} />
      {mayAny(session, ['officer', 'auditor']) && <ReviewOf donationId={d.donationId} currency={d.currency} />}
      {mayAny(session, ['officer', 'auditor']) && <LedgerOf donationId={d.donationId} />}
    </article>
  );
}

export function Donations({ donationId }: { donationId: string | null }) {
  if (!donationId) return <DonationList />;
  return (
    <>
      <p><a href="#/donations">Back to the list</a></p>
      <DonationView donationId={donationId} />
    </>
  );
}
