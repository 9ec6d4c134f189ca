import { useEffect } from 'react';
import type { IntegrationStatus } from '../../shared/domain';
import { ErrorNotice } from './components/ErrorNotice';
import { SyncStatus } from './components/SyncStatus';
import { Connect } from './screens/Connect';
import { Customers } from './screens/Customers';
import { Invoices } from './screens/Invoices';
import { Jobs } from './screens/Jobs';
import { Reports } from './screens/Reports';
import { Settings } from './screens/Settings';
import { SyncCentre } from './screens/SyncCentre';
import { useOfficeTimeZone } from './office-time-zone';
import { Today } from './screens/Today';
import { useLive } from './stores/live';
import { useActiveIntegration, useSession, type Screen } from './stores/session';

const NAV: { screen: Screen; label: string }[] = [
  { screen: 'dashboard', label: 'Today' },
  { screen: 'jobs', label: 'Jobs' },
  { screen: 'reports', label: 'Report to job' },
  { screen: 'customers', label: 'Customers' },
  { screen: 'invoices', label: 'Invoices' },
  { screen: 'sync', label: 'Sync centre' },
  { screen: 'settings', label: 'Settings' },
];

export function App() {
  const { loading, error, screen, load, setScreen, connecting } = useSession();
  const integration = useActiveIntegration();
  const connectLive = useLive((s) => s.connect);
  // Every date below is shown in the office's zone (Settings), and again when it changes.
  useOfficeTimeZone();

  useEffect(() => {
    void load();
    return connectLive();
  }, [load, connectLive]);

  if (loading)
    return (
      <p className="splash" aria-live="polite">
        Opening RestoreAssist Desk…
      </p>
    );
  if (error)
    return (
      <main className="connect">
        <CoreNotice />
        <ErrorNotice error={new Error(error)} />
      </main>
    );
  if (!integration || connecting)
    return (
      <>
        <CoreNotice />
        <Connect />
      </>
    );

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">RestoreAssist Desk</div>
        <ul>
          {NAV.map((item) => (
            <li key={item.screen}>
              <button
                type="button"
                className={screen === item.screen ? 'nav-item active' : 'nav-item'}
                aria-current={screen === item.screen ? 'page' : undefined}
                onClick={() => setScreen(item.screen)}
              >
                {item.label}{' '}
                {item.screen === 'sync' && integration.failedCount + integration.conflictCount > 0 ? (
                  <span
                    className="count"
                    aria-label={`${integration.failedCount + integration.conflictCount} need attention`}
                  >
                    {integration.failedCount + integration.conflictCount}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">{integration.displayName}</div>
      </nav>
      <div className="main-column">
        <CoreNotice />
        <TopBar integration={integration} />
        <main className="content">
          <ScreenFor screen={screen} integration={integration} />
        </main>
      </div>
    </div>
  );
}

function ScreenFor({ screen, integration }: { screen: Screen; integration: IntegrationStatus }) {
  switch (screen) {
    case 'dashboard':
      return <Today integration={integration} />;
    case 'jobs':
      return <Jobs integrationId={integration.id} />;
    case 'reports':
      return <Reports integrationId={integration.id} />;
    case 'customers':
      return <Customers integrationId={integration.id} />;
    case 'invoices':
      return <Invoices integrationId={integration.id} />;
    case 'sync':
      return <SyncCentre integrationId={integration.id} />;
    case 'settings':
      return <Settings />;
  }
}

/** The app's core stopped unexpectedly and was started again (or could not be): said until dismissed. */
function CoreNotice() {
  const notice = useLive((s) => s.notice);
  const dismiss = useLive((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className="banner banner-problem" role="alert">
      {notice}{' '}
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The offline banner, and the connection's sync status with "Sync now" (components/SyncStatus.tsx). */
function TopBar({ integration }: { integration: IntegrationStatus }) {
  return (
    <header className="topbar">
      {!integration.online ? (
        <div className="banner" role="status">
          Offline: {integration.pendingCount} {integration.pendingCount === 1 ? 'change is' : 'changes are'} waiting.
          They will be sent when Ascora can be reached.
        </div>
      ) : null}
      <SyncStatus integration={integration}>
        {integration.pendingCount > 0 ? (
          <span className="badge badge-pending">{integration.pendingCount} waiting</span>
        ) : null}
      </SyncStatus>
    </header>
  );
}
