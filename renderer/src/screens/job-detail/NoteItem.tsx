import { useId, useState, type FormEvent } from 'react';
import type { JobNote } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';
import { useCoreCommand } from '../../cache';
import { Confirm } from '../../components/Confirm';
import { ErrorNotice } from '../../components/ErrorNotice';
import { enteredWords } from './entered-words';

/** Notes stay in the app (Ascora has none), so each may be changed or deleted. */
export function NoteItem({ note: n }: { note: JobNote }) {
  const editNote = useCoreCommand('jobs.editNote');
  const deleteNote = useCoreCommand('jobs.deleteNote');
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [text, setText] = useState(n.text);
  const [error, setError] = useState<unknown>(null);
  const fieldId = useId();
  const byline = `${n.author || 'Someone'}, ${formatDateTime(n.createdAt)}${n.editedAt ? ` (changed ${formatDateTime(n.editedAt)})` : ''}${enteredWords(n.enteredInAscora)}`;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await editNote.mutateAsync({ noteId: n.id, text });
      setMode('view');
    } catch (e) {
      setError(e);
    }
  }

  return (
    <li className="note">
      <div className="muted">{byline}</div>
      {mode === 'edit' ? (
        <form onSubmit={(e) => void save(e)} aria-label={`Change the note by ${n.author || 'someone'}`}>
          <label htmlFor={fieldId} className="sr-only">
            Note
          </label>
          <textarea
            id={fieldId}
            rows={3}
            value={text}
            maxLength={10_000}
            onChange={(e) => setText(e.target.value)}
            autoFocus
          />
          <div className="actions">
            <button type="submit" disabled={!text.trim()}>
              Save note
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setText(n.text);
                setMode('view');
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="note-text">{n.text}</p>
      )}
      {mode === 'delete' ? (
        <Confirm
          label="Delete the note"
          confirmLabel="Delete note"
          onCancel={() => setMode('view')}
          onConfirm={() =>
            deleteNote.mutateAsync({ noteId: n.id }).catch((e: unknown) => {
              setError(e);
              setMode('view');
            })
          }
        >
          Delete this note? It is only in this app, so it cannot be got back.
        </Confirm>
      ) : null}
      {mode === 'view' ? (
        <div className="row-actions">
          <button type="button" className="link" onClick={() => setMode('edit')}>
            Change note
          </button>
          <button type="button" className="link" onClick={() => setMode('delete')}>
            Delete note
          </button>
        </div>
      ) : null}
      <ErrorNotice error={error} />
    </li>
  );
}
