import { lazy, Suspense, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { IntegrationStatus } from '../../shared/domain';
import { plural } from '../../shared/format';
import { ErrorNotice } from './components/ErrorNotice';
import { SyncStatus } from './components/SyncStatus';
import { UpdateBanner } from './components/UpdateBanner';
import { Connect } from './screens/Connect';
import { useOfficeTimeZone } from './office-time-zone';
import { Today } from './screens/Today';
import { useConnections } from './cache';
import { useLive } from './stores/live';
import { CommandPalette } from './shell/CommandPalette';
import { PALETTE_KEY, SCREENS } from './shell/commands';
import { focusScreenHeading, MAIN_ID } from './shell/focus';
import { LeaveGuard } from './shell/LeaveGuard';
import { ShortcutsSheet } from './shell/ShortcutsSheet';
import { useShortcuts } from './shell/useShortcuts';
import { useActiveIntegration, useSession, type Screen } from './stores/session';
import { useTheme } from './stores/theme';

// Today is the first screen and comes with the app; each other screen is its own file, fetched the
// first time it is opened (the start reads a script of 0.5 MB, not 1 MB).
const Jobs = lazy(() => import('./screens/Jobs').then((m) => ({ default: m.Jobs })));
const Reports = lazy(() => import('./screens/Reports').then((m) => ({ default: m.Reports })));
const Customers = lazy(() => import('./screens/Customers').then((m) => ({ default: m.Customers })));
const Invoices = lazy(() => import('./screens/Invoices').then((m) => ({ default: m.Invoices })));
const SyncCentre = lazy(() => import('./screens/sync-centre/SyncCentre').then((m) => ({ default: m.SyncCentre })));
const Settings = lazy(() => import('./screens/Settings').then((m) => ({ default: m.Settings })));

export function App() {
  const { screen, setScreen, connecting } = useSession(
    useShallow((s) => ({ screen: s.screen, setScreen: s.setScreen, connecting: s.connecting })),
  );
  const { isPending: loading, error } = useConnections();
  const integration = useActiveIntegration();
  const connectLive = useLive((s) => s.connect);
  const startTheme = useTheme((s) => s.start);
  // Every date below is shown in the office's zone (Settings), and again when it changes.
  useOfficeTimeZone();

  useEffect(() => connectLive(), [connectLive]);
  useEffect(() => startTheme(), [startTheme]);

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
        <ErrorNotice error={error} />
      </main>
    );
  if (!integration || connecting)
    return (
      <>
        <CoreNotice />
        <Connect />
      </>
    );

  return <Shell integration={integration} screen={screen} setScreen={setScreen} />;
}

function Shell({
  integration,
  screen,
  setScreen,
}: {
  integration: IntegrationStatus;
  screen: Screen;
  setScreen(screen: Screen): void;
}) {
  const overlay = useSession((s) => s.overlay);
  useShortcuts();
  useFocusOnScreenChange(screen);
  // The core's one count of what needs a person: the header, the Sync centre and Today show it too.
  const attention = integration.needsPersonCount;
  return (
    <>
      {/* The first tab stop: past the sidebar to the screen itself. */}
      <a
        className="skip-link"
        href={`#${MAIN_ID}`}
        onClick={(e) => {
          e.preventDefault();
          focusScreenHeading();
        }}
      >
        Skip to content
      </a>
      <div className="shell">
        <nav className="sidebar" aria-label="Main">
          <div className="brand">
            <span className="nav-long">RestoreAssist Desk</span>
            <span className="nav-short">RA Desk</span>
          </div>
          <ul>
            {SCREENS.map((item) => (
              <li key={item.screen}>
                <button
                  type="button"
                  className={screen === item.screen ? 'nav-item active' : 'nav-item'}
                  aria-current={screen === item.screen ? 'page' : undefined}
                  onClick={() => setScreen(item.screen)}
                >
                  {/* The same words at every width (smaller in a narrow window): "Sync centre" is always found so. */}
                  {item.label}{' '}
                  {item.screen === 'sync' && attention > 0 ? (
                    <span className="count" aria-label={`${attention} need attention`}>
                      {attention}
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
          <UpdateBanner />
          <TopBar integration={integration} />
          <main id={MAIN_ID} className="content" tabIndex={-1}>
            <Suspense fallback={<ScreenOpening />}>
              <ScreenFor screen={screen} integration={integration} />
            </Suspense>
          </main>
        </div>
      </div>
      {overlay === 'palette' ? <CommandPalette /> : null}
      {overlay === 'shortcuts' ? <ShortcutsSheet /> : null}
      <LeaveGuard />
    </>
  );
}

/**
 * A new screen: its <h1> gets the focus, so the keyboard starts there and a screen reader says
 * where it is. Not on the first screen (the skip link is the first tab stop), and not when
 * something on the new screen took the focus itself (a record opened from the palette).
 */
function useFocusOnScreenChange(screen: Screen): void {
  const shown = useRef(screen);
  useEffect(() => {
    if (shown.current === screen) return;
    shown.current = screen;
    if (!document.getElementById(MAIN_ID)?.contains(document.activeElement)) focusScreenHeading();
  }, [screen]);
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

/**
 * Shown while a screen's file is fetched the first time (a moment). The focus moved to the main
 * region meanwhile, for want of a heading: once the screen is drawn, its heading takes it.
 */
function ScreenOpening() {
  useEffect(
    () => () => {
      const main = document.getElementById(MAIN_ID);
      if (document.activeElement === main || document.activeElement === document.body) focusScreenHeading();
    },
    [],
  );
  return <p className="splash">Opening…</p>;
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
  // What a window-wide action (the palette's Sync now, the theme) could not do.
  const shellError = useSession((s) => s.shellError);
  return (
    <header className="topbar">
      {!integration.online ? (
        <div className="banner" role="status">
          {integration.pendingCount > 0
            ? `Offline: ${plural(integration.pendingCount, 'change')} waiting. They will be sent when Ascora can be reached.`
            : 'Offline. Nothing is waiting to be sent.'}
        </div>
      ) : null}
      <SyncStatus integration={integration}>
        {integration.pendingCount > 0 ? (
          <span className="badge badge-pending">{plural(integration.pendingCount, 'change')} waiting</span>
        ) : null}
        <button type="button" className="secondary" onClick={() => useSession.getState().setOverlay('palette')}>
          Go to… <kbd aria-hidden="true">{PALETTE_KEY}</kbd>
        </button>
      </SyncStatus>
      <ErrorNotice error={shellError} />
    </header>
  );
}
