import { useId, useState } from 'react';
import type { Schedule } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';
import { call } from '../../api';
import { setCoreData } from '../../cache';

/** The sync schedule: on or off, how often, and what the next run and failed runs in a row say. */
export function ScheduleCard({
  integrationId,
  schedule: s,
  act,
}: {
  integrationId: number;
  /** schedule.get's answer, once it has come. */
  schedule: Schedule | undefined;
  act(fn: () => Promise<unknown>): Promise<void>;
}) {
  const [intervalMinutes, setIntervalMinutes] = useState<number | null>(null);
  const intervalId = useId();
  return (
    <div className="card">
      <h2>Schedule</h2>
      {s ? (
        <>
          <p>
            {s.active
              ? `On: every ${s.intervalMinutes} minutes. Next run ${formatDateTime(s.nextRunAt)}.`
              : 'Off: sync runs only when you ask.'}
          </p>
          {s.consecutiveFailures > 0 ? (
            <p className="hint">{s.consecutiveFailures} failed runs in a row: waiting longer between tries.</p>
          ) : null}
          <label htmlFor={intervalId}>Every (minutes)</label>
          <select
            id={intervalId}
            value={intervalMinutes ?? s.intervalMinutes}
            onChange={(e) => setIntervalMinutes(Number(e.target.value))}
          >
            {[5, 15, 30, 60, 120, 240].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <div className="actions">
            <button
              type="button"
              onClick={() =>
                void act(async () => {
                  const started = await call('schedule.start', {
                    integrationId,
                    intervalMinutes: intervalMinutes ?? s.intervalMinutes,
                  });
                  setCoreData('schedule.get', { integrationId }, started);
                })
              }
            >
              {s.active ? 'Update schedule' : 'Turn schedule on'}
            </button>
            {s.active ? (
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  void act(async () => {
                    setCoreData('schedule.get', { integrationId }, await call('schedule.stop', { integrationId }));
                  })
                }
              >
                Turn schedule off
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
