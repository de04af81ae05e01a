import { useEffect, useRef, useState } from 'react';
import type { CampaignTotals, ReviewQueue } from '../api/types';
import { formatBasisPoints, formatMoney, formatInstant } from '../format';
import { mayAny } from '../session';
import { NeedsWorkspace, ProblemView, useConsole } from '../shared';

/** How often the dashboard asks for the totals: live enough on deadline night, light on the API. */
const POLL_MS = 2_000;
const MINUTES_SHOWN = 15;

interface Sample {
  at: number;
  donationCount: number;
}

/** Donations per minute, from the growth of the campaign's count between polls (display only). */
export function perMinute(samples: readonly Sample[], now: number): { minute: number; count: number }[] {
  const lastMinute = Math.floor(now / 60_000);
  const buckets = new Map<number, number>();
  for (let i = 1; i < samples.length; i++) {
    const minute = Math.floor(samples[i].at / 60_000);
    buckets.set(minute, (buckets.get(minute) ?? 0) + Math.max(0, samples[i].donationCount - samples[i - 1].donationCount));
  }
  return Array.from({ length: MINUTES_SHOWN }, (_, i) => lastMinute - MINUTES_SHOWN + 1 + i).map((minute) => ({ minute, count: buckets.get(minute) ?? 0 }));
}

function Chart({ series, timeZone, locale }: { series: { minute: number; count: number }[]; timeZone: string; locale: string }) {
  const max = Math.max(1, ...series.map((s) => s.count));
  const width = 600;
  const height = 120;
  const bar = width / series.length;
  const label = (minute: number) => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(minute * 60_000));
  const summary = series.filter((s) => s.count > 0).map((s) => `${label(s.minute)}: ${s.count}`).join(', ') || 'none yet';
  return (
    <figure>
      <svg role="img" aria-label={`Donations per minute, last ${series.length} minutes: ${summary}`} viewBox={`-30 0 ${width + 60} ${height + 20}`} className="chart">
        {series.map((s, i) => {
          const h = Math.round((s.count / max) * height);
          return (
            <g key={s.minute}>
              <rect x={i * bar + 2} y={height - h} width={bar - 4} height={h} />
              {i % 3 === 0 && (
                <text x={i * bar + bar / 2} y={height + 15} textAnchor="middle">
                  {label(s.minute)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>Donations per minute (updates every {POLL_MS / 1000} s)</figcaption>
    </figure>
  );
}

const OUTCOMES_POLL_MS = 10_000;
const OUTCOMES = ['accepted', 'flagged', 'rejected', 'refunded'] as const;

interface Outcomes {
  counts: Record<(typeof OUTCOMES)[number], number>;
  newestReceivedAt: string | null;
}

/**
 * Compliance's outcomes (the donation list's count per status) and how far reporting has got
 * (when the newest donation it holds was received), every 10 s: lighter than the totals' 2 s.
 */
function useOutcomes(campaignId: string): { outcomes: Outcomes | null; error: unknown } {
  const { api } = useConsole();
  const [outcomes, setOutcomes] = useState<Outcomes | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const base = `/v1/campaigns/${encodeURIComponent(campaignId)}/reports/donations?limit=1`;
    const poll = async () => {
      try {
        const [newest, ...byStatus] = await Promise.all([base, ...OUTCOMES.map((s) => `${base}&status=${s}`)].map((path) => api.get<{ total: number; items: { receivedAt: string }[] }>(path)));
        if (!live) return;
        setOutcomes({ counts: Object.fromEntries(OUTCOMES.map((s, i) => [s, byStatus[i].total])) as Outcomes['counts'], newestReceivedAt: newest.items[0]?.receivedAt ?? null });
        setError(null);
      } catch (caught) {
        if (live) setError(caught);
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), OUTCOMES_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, campaignId]);
  return { outcomes, error };
}

const secondsSince = (iso: string | null): string => (iso ? `${Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000))} s ago` : 'none yet');

function Live({ campaignId }: { campaignId: string }) {
  const { api, display, session, workspace } = useConsole();
  const [totals, setTotals] = useState<CampaignTotals | null>(null);
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const samples = useRef<Sample[]>([]);
  const [, redraw] = useState(0);
  const readsQueue = mayAny(session, ['officer', 'auditor']) && workspace.committeeId !== '';
  const { outcomes, error: outcomesError } = useOutcomes(campaignId);

  useEffect(() => {
    samples.current = [];
    let live = true;
    const poll = async () => {
      try {
        const next = await api.get<CampaignTotals>(`/v1/campaigns/${encodeURIComponent(campaignId)}/reports/totals`);
        if (!live) return;
        samples.current = [...samples.current.slice(-2_000), { at: Date.now(), donationCount: next.donationCount }];
        setTotals(next);
        setError(null);
        setUpdatedAt(new Date().toISOString());
        if (readsQueue) setQueue(await api.get<ReviewQueue>(`/v1/committees/${encodeURIComponent(workspace.committeeId)}/review-queue?limit=500`));
      } catch (caught) {
        if (live) setError(caught);
      }
      redraw((n) => n + 1);
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, campaignId, readsQueue, workspace.committeeId]);

  const currency = totals?.currency ?? null;
  return (
    <>
      <ProblemView error={error} />
      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading">Campaign {campaignId}</h2>
        <dl className="figures" aria-live="polite" data-testid="totals">
          <div><dt>Raised</dt><dd data-testid="raised">{formatMoney(totals?.raisedMinor, currency, display)}</dd></div>
          <div><dt>Net</dt><dd data-testid="net">{formatMoney(totals?.netMinor, currency, display)}</dd></div>
          <div><dt>Donations</dt><dd data-testid="donation-count">{totals?.donationCount ?? '—'}</dd></div>
          <div><dt>Unique donors</dt><dd data-testid="unique-donors">{totals?.uniqueDonors ?? '—'}</dd></div>
          <div><dt>Small-gift share</dt><dd>{formatBasisPoints(totals?.smallGiftShareBasisPoints)}</dd></div>
          <div><dt>Refunded</dt><dd>{formatMoney(totals?.refundedMinor, currency, display)}</dd></div>
        </dl>
        <p className="hint">Updated {formatInstant(updatedAt, display)}</p>
      </section>
      <Chart series={perMinute(samples.current, Date.now())} timeZone={display.timeZone} locale={display.locale} />
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Decision outcomes</h2>
        <ProblemView error={outcomesError} />
        <dl className="figures" data-testid="outcomes">
          {OUTCOMES.map((status) => (
            <div key={status}><dt>{status}</dt><dd data-testid={`outcome-${status}`}>{outcomes?.counts[status] ?? '—'}</dd></div>
          ))}
          <div><dt>Newest donation in reporting</dt><dd data-testid="reporting-lag">{outcomes ? secondsSince(outcomes.newestReceivedAt) : '—'}</dd></div>
        </dl>
        <p className="hint">Outcomes and reporting&apos;s progress update every {OUTCOMES_POLL_MS / 1000} s; a donation received but not yet in reporting is the lag between intake and reporting.</p>
      </section>
      {queue && (
        <section aria-labelledby="queue-heading">
          <h2 id="queue-heading">Decisions waiting</h2>
          <p>
            <a href="#/review">{queue.items.length} open review items</a>, {queue.overdue} overdue.
          </p>
        </section>
      )}
    </>
  );
}

export function Dashboard() {
  const { workspace } = useConsole();
  return (
    <NeedsWorkspace what="campaign">
      <Live campaignId={workspace.campaignId} />
    </NeedsWorkspace>
  );
}
