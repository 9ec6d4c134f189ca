/**
 * To enter in Ascora: the job statuses, notes and attachments kept only on this computer (Ascora's
 * API takes none of them), one by one, so the office can enter each in Ascora by hand for the
 * technicians to see, then say "Done in Ascora". A section of the Sync centre, opened from Today
 * and the command palette (openToEnter), which brings the keyboard focus to its heading.
 */
import { useEffect, useRef, useState } from 'react';
import type { ToEnterItem, ToEnterKind } from '../../../shared/domain';
import { formatDateTime } from '../../../shared/format';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { RecordLink } from '../components/RecordLink';
import { useCoreQuery } from '../cache';
import { useSession } from '../stores/session';
import './to-enter.css';

const KIND_WORDS: Record<ToEnterKind, string> = { status: 'Status', note: 'Note', attachment: 'Attachment' };

/** Goes to the Sync centre with the list in view and the focus on its heading. */
export function openToEnter(): void {
  const { setScreen, setScreenValue } = useSession.getState();
  setScreen('sync');
  setScreenValue('sync', 'show', 'to-enter');
}

export function ToEnterInAscora({ integrationId }: { integrationId: number }) {
  const items = useCoreQuery('sync.toEnter', { integrationId });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const show = useSession((s) => s.screens.sync?.show);

  useEffect(() => {
    if (show !== 'to-enter') return;
    // In the next frame: a record panel closed with the last screen hands the focus back in its own
    // frame (components/panel.ts), which would otherwise take it from this heading.
    const frame = requestAnimationFrame(() => {
      heading.current?.scrollIntoView({ block: 'start' });
      heading.current?.focus();
      useSession.getState().setScreenValue('sync', 'show', null);
    });
    return () => cancelAnimationFrame(frame);
  }, [show]);

  async function done(item: ToEnterItem) {
    setError(null);
    try {
      await call('sync.markEntered', { kind: item.kind, id: item.id });
      setMessage(`${KIND_WORDS[item.kind]} of ${item.job}: marked as entered in Ascora.`);
      // The button pressed is gone: the focus goes back to the list's heading, not to the page's top.
      heading.current?.focus();
    } catch (e) {
      setError(e);
    }
  }

  const list = items.data ?? [];
  return (
    <section className="to-enter" aria-labelledby="to-enter-title">
      <h2 id="to-enter-title" ref={heading} tabIndex={-1}>
        To enter in Ascora ({list.length})
      </h2>
      <p className="hint">
        Ascora's API has no place for a job's status set here, its notes or its attachments: they are only on this
        computer, and the technicians see them once someone enters them in Ascora by hand. Enter each one there, then
        press Done in Ascora. It stays here, marked entered.
      </p>
      {/* Always there, so the words are read out when they change (no role: the screen's own status is the sync's). */}
      <p className={message ? 'notice notice-info' : 'sr-only'} aria-live="polite">
        {message}
      </p>
      <ErrorNotice error={items.error ?? error} />
      {items.data && list.length === 0 ? (
        <p>Nothing to enter: every status, note and attachment kept here has been entered in Ascora.</p>
      ) : null}
      <ul className="problems" aria-labelledby="to-enter-title">
        {list.map((item) => {
          const describedBy = `to-enter-${item.kind}-${item.id}`;
          return (
            <li key={`${item.kind}-${item.id}`} className="problem to-enter-item" aria-labelledby={describedBy}>
              <div className="problem-head" id={describedBy}>
                <strong>
                  {KIND_WORDS[item.kind]} of {item.job}
                </strong>
              </div>
              {item.kind === 'note' ? (
                <blockquote className="to-enter-text">{item.text}</blockquote>
              ) : (
                <p className="to-enter-text">{item.kind === 'status' ? `“${item.text}”` : item.text}</p>
              )}
              <p className="hint">
                {item.kind === 'status' ? 'Set' : item.kind === 'note' ? 'Written' : 'Attached'}{' '}
                {formatDateTime(item.at)}
                {item.by ? ` by ${item.by}` : ''}
              </p>
              <div className="actions">
                <button type="button" aria-describedby={describedBy} onClick={() => void done(item)}>
                  Done in Ascora
                </button>
                <RecordLink to={{ entity: 'job', id: item.jobId }}>Open the job</RecordLink>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
