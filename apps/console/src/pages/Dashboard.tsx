import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import type { DashboardReading, ReviewQueue } from '../api/types';
import { formatBasisPoints, formatInstant, formatLag, formatMoney } from '../format';
import { mayAny } from '../session';
import { NeedsWorkspace, ProblemView, useConsole } from '../shared';

/** How often a reading comes (the API's stream interval, and the fallback poll's): live enough on deadline night, light on the API. */
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

const OUTCOMES = ['accepted', 'flagged', 'rejected', 'refunded'] as const;
/** The review queue is a link beside the figures, read less often than they move. */
const QUEUE_POLL_MS = 10_000;

type Feed = 'connecting' | 'live' | 'polling';

/**
 * The dashboard's readings: pushed by the API's event stream (read with fetch, the key in the
 * Authorization header), or, when the stream cannot be had or breaks, polled at the same
 * interval. A refusal (401, 403, 404) is shown, not retried another way: polling would be
 * refused too. Leaving the page aborts the stream and clears the poll.
 */
function useDashboardFeed(campaignId: string, onReading: (reading: DashboardReading) => void): { feed: Feed; error: unknown } {
  const { api } = useConsole();
  const [feed, setFeed] = useState<Feed>('connecting');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setInterval> | undefined;
    const path = `/v1/campaigns/${encodeURIComponent(campaignId)}/dashboard`;
    const take = (reading: DashboardReading) => {
      if (abort.signal.aborted) return;
      onReading(reading);
      setError(null);
    };
    const poll = async () => {
      try {
        take(await api.get<DashboardReading>(path));
      } catch (caught) {
        if (!abort.signal.aborted) setError(caught);
      }
    };
    const fallBack = () => {
      if (abort.signal.aborted || timer) return;
      setFeed('polling');
      void poll();
      timer = setInterval(() => void poll(), POLL_MS);
    };
    setFeed('connecting');
    api
      .stream(`${path}/stream`, (event) => {
        if (event.event === 'dashboard') {
          setFeed('live');
          take(JSON.parse(event.data) as DashboardReading);
        } else if (event.event === 'problem') setError(new Error((JSON.parse(event.data) as { detail?: string }).detail ?? 'a reading failed'));
      }, abort.signal)
      .then(fallBack, (caught: unknown) => {
        if (abort.signal.aborted) return;
        if (caught instanceof ApiError && [401, 403, 404].includes(caught.problem.status)) setError(caught);
        else fallBack();
      });
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [api, campaignId]);
  return { feed, error };
}

function useQueue(enabled: boolean, committeeId: string): ReviewQueue | null {
  const { api } = useConsole();
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () => api.get<ReviewQueue>(`/v1/committees/${encodeURIComponent(committeeId)}/review-queue?limit=500`).then((q) => live && setQueue(q), () => undefined);
    void load();
    const timer = setInterval(() => void load(), QUEUE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, enabled, committeeId]);
  return enabled ? queue : null;
}

const FEED_WORDS: Record<Feed, string> = { connecting: 'connecting…', live: `live (pushed every ${POLL_MS / 1000} s)`, polling: `polling every ${POLL_MS / 1000} s (the live stream is unavailable)` };

function Live({ campaignId }: { campaignId: string }) {
  const { display, session, workspace } = useConsole();
  const [reading, setReading] = useState<DashboardReading | null>(null);
  const samples = useRef<Sample[]>([]);
  const { feed, error } = useDashboardFeed(campaignId, (next) => {
    samples.current = [...samples.current.slice(-2_000), { at: Date.now(), donationCount: next.totals.donationCount }];
    setReading(next);
  });
  useEffect(() => {
    samples.current = [];
    setReading(null);
  }, [campaignId]);
  const queue = useQueue(mayAny(session, ['officer', 'auditor']) && workspace.committeeId !== '', workspace.committeeId);
  const totals = reading?.totals ?? null;
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
        <p className="hint">
          Updated {formatInstant(reading?.at ?? null, display)}; <span data-testid="feed">{FEED_WORDS[feed]}</span>
        </p>
      </section>
      <Chart series={perMinute(samples.current, Date.now())} timeZone={display.timeZone} locale={display.locale} />
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Decision outcomes</h2>
        <dl className="figures" data-testid="outcomes">
          {OUTCOMES.map((status) => (
            <div key={status}><dt>{status}</dt><dd data-testid={`outcome-${status}`}>{reading?.outcomes[status] ?? '—'}</dd></div>
          ))}
          <div><dt>Lag between intake and reporting</dt><dd data-testid="reporting-lag">{formatLag(reading?.lag)}</dd></div>
        </dl>
        <p className="hint">
          The lag is measured by the API from the ledger: the time since the oldest event reporting has not applied yet was recorded, and how many wait
          {reading?.lag.headPosition != null ? ` (ledger head ${reading.lag.headPosition}, reporting at ${reading.lag.appliedPosition ?? 'none'})` : ''}.
        </p>
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
