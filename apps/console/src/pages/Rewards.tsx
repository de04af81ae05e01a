import { useState } from 'react';
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

function Fulfil({ grant, onDone }: { grant: RewardGrant; onDone: () => void }) {
  const { api } = useConsole();
  const [status, setStatus] = useState<(typeof STEPS)[number]>('shipped');
  const [error, setError] = useState<unknown>(null);
  const id = `fulfil-${grant.grantId}`;
  return (
    <form
      aria-label={`Fulfilment of grant ${grant.grantId}`}
      onSubmit={(e) => {
        e.preventDefault();
        api.post(`/v1/reward-grants/${encodeURIComponent(grant.grantId)}/fulfilment`, { status }).then(onDone, setError);
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
                <td>{t.stock ? Object.entries(t.stock).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : t.stockLimit ?? 'unlimited'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="grants-heading">
        <h2 id="grants-heading">Grants</h2>
        <ProblemView error={grants.error} />
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
                <td>{fulfils && g.status !== 'revoked' ? <Fulfil grant={g} onDone={grants.reload} /> : '—'}</td>
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
