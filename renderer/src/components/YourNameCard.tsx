/** Settings' "Your name": what notes are signed with; left empty, the computer's user name is used. */
import { useId, useState, type FormEvent } from 'react';
import { call } from '../api';
import { setCoreData, useCoreQuery } from '../cache';
import { ErrorNotice } from './ErrorNotice';

/** The name field with what it is for; the first start asks with it too (FirstStart.tsx). */
export function YourNameField({
  value,
  defaultName,
  onChange,
}: {
  value: string;
  defaultName: string;
  onChange(name: string): void;
}) {
  const fieldId = useId();
  const hintId = useId();
  return (
    <>
      <label htmlFor={fieldId}>Your name</label>
      <input
        id={fieldId}
        value={value}
        maxLength={100}
        placeholder={defaultName}
        autoComplete="name"
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="hint" id={hintId}>
        Notes you write are signed with it.
        {defaultName ? ` Left empty, they are signed “${defaultName}”, this computer's user name.` : ''}
      </p>
    </>
  );
}

export function YourNameCard() {
  const settings = useCoreQuery('settings.get', {});
  const [name, setName] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  const s = settings.data;
  if (!s) return null;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setCoreData('settings.get', {}, await call('settings.update', { yourName: name ?? s!.yourName }));
      setName(null);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-labelledby={titleId}>
      <h2 id={titleId}>Your name</h2>
      <YourNameField
        value={name ?? s.yourName}
        defaultName={s.defaultName}
        onChange={(value) => {
          setSaved(false);
          setName(value);
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
