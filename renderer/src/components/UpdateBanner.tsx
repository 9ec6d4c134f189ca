/**
 * The window's quiet word that an update is downloaded and checked: the version and "Restart to
 * update", or "Later" to put it away until the next version (Settings still offers it). Nothing
 * shows while an update is only being looked for or downloaded, nor in the browser host.
 */
import { useState } from 'react';
import { useCoreQuery } from '../cache';
import { RestartToUpdate } from './RestartToUpdate';

export function UpdateBanner() {
  const status = useCoreQuery('updates.status', {}).data;
  const [later, setLater] = useState<string | null>(null);
  if (status?.state !== 'downloaded' || !status.version || later === status.version) return null;
  return (
    <div className="banner banner-update" role="region" aria-label="Update ready">
      Version {status.version} of RestoreAssist Desk is ready. <RestartToUpdate version={status.version} />{' '}
      <button type="button" className="secondary" onClick={() => setLater(status.version)}>
        Later
      </button>
    </div>
  );
}
