/** Mine and theirs, field by field: the person chooses per field, nothing is dropped silently. */
import { useState } from 'react';
import type { Conflict } from '../../../shared/domain';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : String(v));
const words = (field: string) => field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export function ConflictView({ conflict }: { conflict: Conflict }) {
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({});
  const [error, setError] = useState<unknown>(null);
  const complete = conflict.fields.every((f) => choices[f.field]);
  return (
    <div className="card conflict" role="group" aria-label={`Conflict on ${conflict.recordLabel}`}>
      <h3>Changed here and in Ascora: choose what to keep</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Mine (this app)</th>
            <th scope="col">Theirs (Ascora)</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => (
            <tr key={f.field}>
              <th scope="row">{words(f.field)}</th>
              {(['mine', 'theirs'] as const).map((side) => (
                <td key={side}>
                  <label className="radio">
                    <input
                      type="radio"
                      name={`${conflict.id}-${f.field}`}
                      checked={choices[f.field] === side}
                      onChange={() => setChoices({ ...choices, [f.field]: side })}
                      aria-label={`Keep ${side} for ${words(f.field)}`}
                    />
                    {show(f[side])}
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={error} />
      <button
        type="button"
        disabled={!complete}
        onClick={() => call('conflicts.resolve', { conflictId: conflict.id, choices }).catch(setError)}
      >
        Resolve conflict
      </button>
    </div>
  );
}
