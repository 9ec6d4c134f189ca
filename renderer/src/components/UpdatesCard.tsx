/**
 * Settings' "Updates": the version running, what the updater is doing (checking, downloading in the
 * background, downloaded and checked, or why it could not), where updates come from, "Check for
 * updates" and "Restart to update". The browser host says that updates come with the desktop app.
 */
import { useState } from 'react';
import { formatDateTime } from '../../../shared/format';
import { call } from '../api';
import { setCoreData, useCoreQuery } from '../cache';
import { ErrorNotice } from './ErrorNotice';
import { RestartToUpdate } from './RestartToUpdate';

export function UpdatesCard() {
  const query = useCoreQuery('updates.status', {});
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const status = query.data;

  async function check() {
    setError(null);
    setChecking(true);
    try {
      setCoreData('updates.status', {}, await call('updates.check', {}));
    } catch (e) {
      setError(e);
    } finally {
      setChecking(false);
    }
  }

  const busy = status?.state === 'checking' || status?.state === 'available' || status?.state === 'downloading';
  const canCheck = status && status.state !== 'unsupported' && status.state !== 'off';
  return (
    <div className="card">
      <h2>Updates</h2>
      <ErrorNotice error={error ?? query.error} />
      {status ? (
        <>
          <p role="status" className={status.state === 'error' ? 'notice notice-error' : undefined}>
            {status.message}
          </p>
          {status.state === 'downloading' && status.percent !== null ? (
            <progress max={100} value={status.percent} aria-label="Update downloaded">
              {status.percent}%
            </progress>
          ) : null}
          <dl className="update-facts">
            {status.currentVersion ? (
              <>
                <dt>This version</dt>
                <dd>{status.currentVersion}</dd>
              </>
            ) : null}
            {status.feed ? (
              <>
                <dt>Updates from</dt>
                <dd>{status.feed}</dd>
              </>
            ) : null}
            {status.checkedAt ? (
              <>
                <dt>Last checked</dt>
                <dd>{formatDateTime(status.checkedAt)}</dd>
              </>
            ) : null}
          </dl>
          <div className="actions">
            {status.state === 'downloaded' && status.version ? <RestartToUpdate version={status.version} /> : null}
            {canCheck ? (
              <button
                type="button"
                className={status.state === 'downloaded' ? 'secondary' : undefined}
                disabled={checking || busy}
                onClick={() => void check()}
              >
                Check for updates
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
