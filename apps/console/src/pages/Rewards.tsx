import { useEffect, useState } from 'react';
import type { RewardGrant, RewardTier } from '../api/types';
import { formatMoney } from '../format';
import { mayAny } from '../session';
import { NeedsWorkspace, ProblemView, useConsole, useLoad } from '../shared';

interface Grants {
  grants: RewardGrant[];
  waitlist: { tierId: string; position: number; donorId: string; donationId: string; waitlistedAt: string }[];
  flaggedForStaff: string[];
}

const STEPS = ['shipped', 'delivered', 'redeemed'] as const;

/** The tier's stock figures; a list (grants, waitlist) is shown by its length. */
const stockText = (stock: Record<string, unknown>): string =>
  Object.entries(stock)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.length : value === null ? 'none' : typeof value === 'object' ? '…' : String(value)}`)
    .join(', ');

/** A step the ledger recorded, until the grants list (a read model, a moment behind) shows it. */
interface Pending {
  grantId: string;
  status: string;
  tries: number;
}

function Fulfil({ grant, onDone }: { grant: RewardGrant; onDone: (recorded: { grantId: string; status: string }) => void }) {
  const { api } = useConsole();
  const [status, setStatus] = useState<(typeof STEPS)[number]>('shipped');
  const [error, setError] = useState<unknown>(null);
  const id = `fulfil-${grant.grantId}`;
  return (
    <form
      aria-label={`Fulfilment of grant ${grant.grantId}`}
      onSubmit={(e) => {
        e.preventDefault();
        api.post<{ grantId: string; status: string }>(`/v1/reward-grants/${encodeURIComponent(grant.grantId)}/fulfilment`, { status }).then(onDone, setError);
      }}
    >
      <label htmlFor={id}>Step</label>{' '}
      <select id={id} value={status} onChange={(e) => setStatus(e.target.value as (typeof STEPS)[number])}>
        {STEPS.map((s) => <option key={s}>{s}</option>)}
      </select>{' '}
      <button type="submit">Record<span className="visually-hidden"> for {grant.grantId}</span></button>
      <ProblemView error={error} />
    </form>
  );
}

function CampaignRewards({ campaignId }: { campaignId: string }) {
  const { api, display, session } = useConsole();
  const base = `/v1/campaigns/${encodeURIComponent(campaignId)}`;
  const tiers = useLoad(campaignId, async () => {
    const list = await api.get<{ tiers: RewardTier[] }>(`${base}/reward-tiers`);
    return Promise.all(list.tiers.map((t) => api.get<RewardTier>(`${base}/reward-tiers/${encodeURIComponent(t.tierId)}`)));
  });
  const grants = useLoad(campaignId, () => api.get<Grants>(`${base}/reward-grants`));
  const fulfils = mayAny(session, ['officer']);
  // The ledger has the step as soon as the POST answers; the list catches up a moment later, so
  // it is read again until it shows the step (or for about ten seconds).
  const [pending, setPending] = useState<Pending | null>(null);
  const shown = pending && grants.data?.grants.find((g) => g.grantId === pending.grantId)?.status === pending.status;
  useEffect(() => {
    if (!pending || grants.loading) return;
    if (shown || pending.tries >= 40) {
      setPending(null);
      return;
    }
    const timer = setTimeout(() => {
      setPending({ ...pending, tries: pending.tries + 1 });
      grants.reload();
    }, 250);
    return () => clearTimeout(timer);
  }, [pending, grants.data, grants.loading]);
  const recorded = (step: { grantId: string; status: string }) => {
    setPending({ ...step, tries: 0 });
    grants.reload();
  };
  return (
    <>
      <section aria-labelledby="tiers-heading">
        <h2 id="tiers-heading">Tiers</h2>
        <ProblemView error={tiers.error} />
        <table>
          <caption>Reward tiers with stock</caption>
          <thead><tr><th scope="col">Tier</th><th scope="col">Threshold</th><th scope="col">Reward</th><th scope="col">Fair market value</th><th scope="col">Stock</th></tr></thead>
          <tbody>
            {(tiers.data ?? []).map((t) => (
              <tr key={t.tierId}>
                <td>{t.name} ({t.tierId})</td>
                <td>{t.thresholdKind} {formatMoney(t.thresholdMinor, t.currency, display)}</td>
                <td>{t.rewardKind}</td>
                <td>{formatMoney(t.fairMarketValueMinor, t.currency, display)}</td>
                <td>{t.stock ? stockText(t.stock) : t.stockLimit ?? 'unlimited'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="grants-heading">
        <h2 id="grants-heading">Grants</h2>
        <ProblemView error={grants.error} />
        <p role="status">{pending ? `Recorded ${pending.status} for ${pending.grantId}; updating the list…` : ''}</p>
        <table>
          <caption>Grants and their fulfilment</caption>
          <thead><tr><th scope="col">Grant</th><th scope="col">Tier</th><th scope="col">Donation</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead>
          <tbody>
            {(grants.data?.grants ?? []).map((g) => (
              <tr key={g.grantId}>
                <td>{g.grantId}{grants.data?.flaggedForStaff.includes(g.grantId) ? ' (flagged for staff)' : ''}</td>
                <td>{g.tierId}</td>
                <td><a href={`#/donations/${encodeURIComponent(g.donationId)}`}>{g.donationId}</a></td>
                <td>{g.status}</td>
                <td>{fulfils && g.status !== 'revoked' ? <Fulfil grant={g} onDone={recorded} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Waitlist</h3>
        {(grants.data?.waitlist ?? []).length === 0 ? <p>Nobody is waiting.</p> : (
          <ol>
            {grants.data?.waitlist.map((w) => <li key={`${w.tierId}-${w.position}`}>{w.tierId}: donation {w.donationId}</li>)}
          </ol>
        )}
      </section>
    </>
  );
}

export function Rewards() {
  const { workspace } = useConsole();
  return (
    <NeedsWorkspace what="campaign">
      <CampaignRewards campaignId={workspace.campaignId} />
    </NeedsWorkspace>
  );
}
