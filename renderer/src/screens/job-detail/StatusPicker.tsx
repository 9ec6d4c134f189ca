import { useId, useState, type FormEvent } from 'react';
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import type { JobDetail } from '../../../../shared/domain';
import { useCoreCommand, useCoreQuery } from '../../cache';
import { useActiveIntegration } from '../../stores/session';

const OTHER = '__other__';

/** A status from those in the mirror (so a typo never makes a new one), or "Other…" typed in. */
export function StatusPicker({ job: j, onError }: { job: JobDetail; onError(error: unknown): void }) {
  const integration = useActiveIntegration();
  // The Jobs list's status filter asks the same: one answer for both.
  const statuses = useCoreQuery('jobs.statuses', { integrationId: integration?.id ?? 0 }, { enabled: !!integration });
  const updateStatus = useCoreCommand('jobs.updateStatus');
  const [choice, setChoice] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const otherId = useId();
  const value = choice === OTHER ? other.trim() : choice;
  const items = [...(statuses.data ?? []).map((s) => ({ id: s, name: s })), { id: OTHER, name: 'Other…' }];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!value) return;
    setBusy(true);
    onError(null);
    try {
      await updateStatus.mutateAsync({ jobId: j.id, statusText: value });
      setChoice(null);
      setOther('');
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`status-${j.id}`}>
      <h3 id={`status-${j.id}`}>Change status</h3>
      <p className="hint">
        Ascora's API cannot change a job's status, so the new status is kept in RestoreAssist Desk only.
      </p>
      <div className="inline-form">
        <Select
          className="pick"
          selectedKey={choice}
          onSelectionChange={(key) => setChoice(key === null ? null : String(key))}
          placeholder="Choose a status"
        >
          <Label className="sr-only">New status</Label>
          <Button className="pick-button">
            <SelectValue />
            <span aria-hidden="true">▾</span>
          </Button>
          <Popover className="pick-popover">
            <ListBox items={items} className="pick-list">
              {(item) => (
                <ListBoxItem id={item.id} className="pick-item">
                  {item.name}
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
        </Select>
        {choice === OTHER ? (
          <>
            <label htmlFor={otherId} className="sr-only">
              Other status
            </label>
            <input
              id={otherId}
              value={other}
              maxLength={100}
              placeholder="Type the status"
              onChange={(e) => setOther(e.target.value)}
              autoFocus
            />
          </>
        ) : null}
        <button type="submit" disabled={busy || !value}>
          Set status
        </button>
      </div>
    </form>
  );
}
