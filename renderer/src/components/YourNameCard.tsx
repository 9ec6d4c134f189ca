/** Settings' "Your name": what notes are signed with; left empty, the computer's user name is used. */
import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/domain';
import { call } from '../api';
import { useLoad } from '../hooks';
import { ErrorNotice } from './ErrorNotice';

export function YourNameCard() {
  const settings = useLoad<Settings>(() => call('settings.get', {}), []);
  const [name, setName] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldId = useId();
  const hintId = useId();
  const s = settings.value;
  if (!s) return null;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await call('settings.update', { yourName: name ?? s!.yourName });
      await settings.reload();
      setName(null);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-labelledby={`${fieldId}-title`}>
      <h2 id={`${fieldId}-title`}>Your name</h2>
      <p className="hint" id={hintId}>
        Notes you write are signed with it.
        {s.defaultName ? ` Left empty, they are signed “${s.defaultName}”, this computer's user name.` : ''}
      </p>
      <label htmlFor={fieldId}>Your name</label>
      <input
        id={fieldId}
        value={name ?? s.yourName}
        maxLength={100}
        placeholder={s.defaultName}
        aria-describedby={hintId}
        onChange={(e) => {
          setSaved(false);
          setName(e.target.value);
        }}
      />
      <button type="submit" disabled={name === null}>
        Save name
      </button>
      {saved ? (
        <p className="notice notice-ok" role="status">
          Saved.
        </p>
      ) : null}
      <ErrorNotice error={error} />
    </form>
  );
}
