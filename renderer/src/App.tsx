import { useEffect } from 'react';
import { ErrorNotice } from './components/ErrorNotice';
import { Connect } from './screens/Connect';
import { Dashboard } from './screens/Dashboard';
import { Unavailable } from './screens/Unavailable';
import { useActiveIntegration, useSession, type Screen } from './stores/session';

const NAV: { screen: Screen; label: string }[] = [
  { screen: 'dashboard', label: 'Dashboard' },
  { screen: 'jobs', label: 'Jobs' },
  { screen: 'reports', label: 'Report to job' },
  { screen: 'customers', label: 'Customers' },
  { screen: 'invoices', label: 'Invoices' },
  { screen: 'sync', label: 'Sync centre' },
  { screen: 'settings', label: 'Settings' },
];

export function App() {
  const { loading, error, screen, load, setScreen } = useSession();
  const integration = useActiveIntegration();

  useEffect(() => {
    void load();
  }, [load]);

  if (loading) return <p className="splash" aria-live="polite">Opening RestoreAssist Desk…</p>;
  if (error) return <main className="connect"><ErrorNotice error={new Error(error)} /></main>;
  if (!integration) return <Connect />;

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
                {item.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">{integration.displayName}</div>
      </nav>
      <div className="content">
        <ScreenFor screen={screen} integrationId={integration.id} />
      </div>
    </div>
  );

  function ScreenFor({ screen, integrationId }: { screen: Screen; integrationId: number }) {
    switch (screen) {
      case 'dashboard':
        return <Dashboard integration={integration!} />;
      case 'jobs':
        return <Unavailable title="Jobs" channel="jobs.list" input={{ integrationId }} />;
      case 'reports':
        return <Unavailable title="Report to job" channel="reports.list" input={{}} />;
      case 'customers':
        return <Unavailable title="Customers" channel="customers.list" input={{ integrationId }} />;
      case 'invoices':
        return <Unavailable title="Invoices" channel="invoices.list" input={{ integrationId }} />;
      case 'sync':
        return <Unavailable title="Sync centre" channel="logs.list" input={{ integrationId }} />;
      case 'settings':
        return <Unavailable title="Settings" channel="settings.get" input={{}} />;
    }
  }
}
