/**
 * Sync centre: sync now with progress, the schedule; what needs a person, as a to-do list (each
 * change named as the office names it, the reason inline, a link to the record and the repair);
 * the conflicts; the log, in the same words.
 */
import { useCallback, useState } from 'react';
import { useCoreQuery } from '../../cache';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NoLongerInAscora } from '../../components/NoLongerInAscora';
import { ToEnterInAscora } from '../ToEnter';
import { Conflicts } from './Conflicts';
import { NeedsAttention } from './NeedsAttention';
import { ScheduleCard } from './ScheduleCard';
import { SyncLog } from './SyncLog';
import { SyncNowCard } from './SyncNowCard';
import { useSyncLog } from './use-sync-log';

export function SyncCentre({ integrationId }: { integrationId: number }) {
  // Each asked again only when the core says what it shows changed (cache/changes.ts).
  const schedule = useCoreQuery('schedule.get', { integrationId });
  const syncStatus = useCoreQuery('sync.status', { integrationId });
  const log = useSyncLog(integrationId);
  // What an action here said, shown in the sync card; what went wrong, in one notice above the log.
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = useCallback(async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
  }, []);

  const full = syncStatus.data;
  return (
    <section className="screen" aria-labelledby="sync-title">
      <h1 id="sync-title">Sync centre</h1>
      <NeedsAttention integrationId={integrationId} onDone={setMessage} />
      <Conflicts integrationId={integrationId} />

      {full && full.noLongerInAscora.jobs + full.noLongerInAscora.customers > 0 ? (
        <>
          <h3>No longer in Ascora</h3>
          <NoLongerInAscora counts={full.noLongerInAscora} />
        </>
      ) : null}

      <ToEnterInAscora integrationId={integrationId} />

      <div className="cards cards-wide">
        <SyncNowCard integrationId={integrationId} full={full} message={message} setMessage={setMessage} act={act} />
        <ScheduleCard integrationId={integrationId} schedule={schedule.data} act={act} />
      </div>
      <ErrorNotice error={error ?? schedule.error ?? log.logs.error} />

      <SyncLog log={log} act={act} />
    </section>
  );
}
