/**
 * The window's first question to the core (issue 22): did the app open, or is it in recovery (the
 * local copy would not open)? Recovery shows its own screen; once the person's choice has opened
 * the app, the app itself starts here, in the same window, as at any start.
 */
import { useEffect, useState } from 'react';
import type { RecoveryStatus } from '../../shared/domain';
import { call } from './api';
import { App } from './App';
import { Recovery } from './screens/Recovery';

export function StartGate() {
  const [recovery, setRecovery] = useState<RecoveryStatus | 'open' | null>(null);
  useEffect(() => {
    // A core that cannot say (an older host) opened normally: the app shows whatever else fails.
    call('recovery.status', {}).then(
      (status) => setRecovery(status.state === 'recovery' ? status : 'open'),
      () => setRecovery('open'),
    );
  }, []);
  if (recovery === null)
    return (
      <p className="splash" aria-live="polite">
        Opening RestoreAssist Desk…
      </p>
    );
  if (recovery === 'open') return <App />;
  return <Recovery status={recovery} onOpened={() => setRecovery('open')} />;
}
