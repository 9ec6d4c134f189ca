import { useId, useRef, useState, type FormEvent } from 'react';
import type { JobDetail } from '../../../../shared/domain';
import { useCoreCommand } from '../../cache';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useUnsavedChangesGuard } from '../../stores/session';
import { NoteItem } from './NoteItem';

/** The job's notes: a box to add one (guarded while begun), and each note below it. */
export function Notes({ job: j }: { job: JobDetail }) {
  const addNote = useCoreCommand('jobs.addNote');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  // Said politely once a note is in (the box keeps the focus, so nothing else tells a screen reader).
  const [added, setAdded] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const noteId = useId();
  // Another job (the next one, j) or screen asks first while a note is begun and not added.
  useUnsavedChangesGuard(text.trim() !== '');

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setAdded('');
    try {
      await addNote.mutateAsync({ jobId: j.id, text });
      setText('');
      setAdded('Note added.');
      // The button is disabled once the box is empty, and a disabled button drops the focus to the
      // page: the box takes it, ready for the next note.
      box.current?.focus();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby={`notes-${j.id}`}>
      <h3 id={`notes-${j.id}`}>Notes</h3>
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <label htmlFor={noteId} className="sr-only">
          New note
        </label>
        <textarea
          id={noteId}
          ref={box}
          rows={2}
          value={text}
          maxLength={10_000}
          onChange={(e) => {
            setText(e.target.value);
            setAdded('');
          }}
        />
        <button type="submit" disabled={!text.trim()}>
          Add note
        </button>
      </form>
      <p role="status" className="sr-only">
        {added}
      </p>
      <ErrorNotice error={error} />
      <ul className="notes">
        {j.notes.map((n) => (
          <NoteItem key={n.id} note={n} />
        ))}
      </ul>
    </section>
  );
}
