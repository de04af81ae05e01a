import { PAGES, type PageId } from './pages';
import { Admin } from './Admin';
import { Audit } from './Audit';
import { Dashboard } from './Dashboard';
import { Donations } from './Donations';
import { Filings } from './Filings';
import { Review } from './Review';
import { Rewards } from './Rewards';
import { useConsole } from '../shared';
import { mayAny } from '../session';

/**
 * One page at a time. A page the key's roles do not open still renders and asks the API, so
 * what the person sees is the API's own 403, shown as such.
 */
export function Page({ page, arg }: { page: PageId; arg: string | null }) {
  const { session } = useConsole();
  const meta = PAGES.find((p) => p.id === page);
  const permitted = meta ? mayAny(session, meta.roles) : false;
  const body = (() => {
    switch (page) {
      case 'dashboard':
        return <Dashboard />;
      case 'donations':
        return <Donations donationId={arg} />;
      case 'review':
        return <Review />;
      case 'filings':
        return <Filings />;
      case 'rewards':
        return <Rewards />;
      case 'audit':
        return <Audit />;
      case 'admin':
        return <Admin />;
    }
  })();
  return (
    <>
      <h1>{meta?.title}</h1>
      {!permitted && (
        <p className="notice" data-testid="not-permitted">
          Your key&apos;s roles ({session.roles.join(', ')}) do not open this page; the API answers below.
        </p>
      )}
      {body}
    </>
  );
}
