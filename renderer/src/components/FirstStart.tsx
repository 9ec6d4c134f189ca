/**
 * The first start, on Today: "Your name" (what notes are signed with) and the office's time zone
 * (the computer's until changed), saved or skipped once. Either answer ends the question for good;
 * both stay in Settings. Not asked when a name was already set in Settings.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/domain';
import { call } from '../api';
import { setCoreData, useCoreQuery } from '../cache';
import { focusScreenHeading } from '../shell/focus';
import { ErrorNotice } from './ErrorNotice';
import { TimeZonePicker } from './TimeZoneSetting';
import { YourNameField } from './YourNameCard';
import './forms.css';

export function FirstStart() {
  const settings = useCoreQuery('settings.get', {});
  const [name, setName] = useState('');
  const [zone, setZone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  const s = settings.data;
  if (!s || s.firstStartAnswered || s.yourName) return null;

  async function answer(values: Partial<Settings>) {
    setError(null);
    try {
      setCoreData('settings.get', {}, await call('settings.update', { ...values, firstStartAnswered: true }));
      // The card goes away with the focus in it: the keyboard goes on from the screen's heading.
      focusScreenHeading();
    } catch (e) {
      setError(e);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    // The zone shown is saved even when left as it was: the office agreed to it.
    void answer({ yourName: name.trim(), timeZone: zone ?? s!.timeZone });
  }

  return (
    <form className="card first-start" aria-labelledby={titleId} onSubmit={save}>
      <h2 id={titleId}>Before you start</h2>
      <p className="hint">
        Two things this computer should know. Skip keeps {s.defaultName ? `notes signed “${s.defaultName}” and ` : ''}
        this computer's time zone; both can be changed later in Settings.
      </p>
      <div className="first-start-fields">
        <div className="field">
          <YourNameField value={name} defaultName={s.defaultName} onChange={setName} />
        </div>
        <div className="field">
          <TimeZonePicker value={zone ?? s.timeZone} onChange={setZone} />
        </div>
      </div>
      <div className="actions">
        <button type="submit">Save</button>
        <button type="button" className="secondary" onClick={() => void answer({})}>
          Skip
        </button>
      </div>
      <ErrorNotice error={error} />
    </form>
  );
}
