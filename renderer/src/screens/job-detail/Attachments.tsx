import { useId, useState } from 'react';
import { ATTACHMENT_TYPE_NAMES } from '../../../../shared/contract';
import type { JobDetail } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';
import { call } from '../../api';
import { AttachmentThumbnail } from '../../components/AttachmentThumbnail';
import { Confirm } from '../../components/Confirm';
import { FilePickButton } from '../../components/FilePickButton';
import { saveFile } from '../../components/save-file';
import { enteredWords } from './entered-words';
import type { Attaching } from './use-attach';

/** The job's attachments: add (picked here or dropped on the panel), open, save a copy, remove. */
export function Attachments({ job: j, attaching }: { job: JobDetail; attaching: Attaching }) {
  const { attach, errors, setErrors, busy } = attaching;
  const [removing, setRemoving] = useState<number | null>(null);
  const hintId = useId();

  async function open(attachmentId: number) {
    setErrors([]);
    try {
      const result = await call('jobs.openAttachment', { attachmentId });
      // The browser host cannot open the OS viewer: it downloads the file instead.
      if (!result.canOpen) await saveCopy(attachmentId);
      else if (!result.opened)
        setErrors(['The file could not be opened: no program on this computer opens it. Save a copy instead.']);
    } catch (e) {
      setErrors([e instanceof Error ? e.message : String(e)]);
    }
  }

  async function saveCopy(attachmentId: number) {
    setErrors([]);
    try {
      const file = await call('jobs.readAttachment', { attachmentId });
      saveFile(file.fileName, file.mimeType, file.contentBase64);
    } catch (e) {
      setErrors([e instanceof Error ? e.message : String(e)]);
    }
  }

  return (
    <section aria-labelledby={`attachments-${j.id}`} className="attachments">
      <h3 id={`attachments-${j.id}`}>Attachments</h3>
      <div className="drop-zone">
        <FilePickButton
          label="Add attachment…"
          inputLabel="Attach files"
          disabled={busy}
          describedBy={hintId}
          onFiles={(files) => void attach(files)}
        />
        <p className="hint" id={hintId}>
          Or drop files on this panel. Up to 10 MB each: {ATTACHMENT_TYPE_NAMES}. Kept in the app's data folder;
          Ascora's API has no attachments.
        </p>
      </div>
      {busy ? <p role="status">Attaching…</p> : null}
      {errors.length > 0 ? (
        <div role="alert" className="notice notice-error">
          {errors.length === 1 ? (
            errors[0]
          ) : (
            <ul>
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      <ul className="notes">
        {j.attachments.map((a) => (
          <li key={a.id} className="attachment with-thumb">
            <AttachmentThumbnail attachment={a} />
            <span className="attachment-name">{a.fileName}</span>{' '}
            <span className="muted">
              ({Math.ceil(a.sizeBytes / 1024).toLocaleString('en-AU')} KB, {formatDateTime(a.createdAt)}
              {enteredWords(a.enteredInAscora)})
            </span>
            {removing === a.id ? (
              <Confirm
                label={`Remove ${a.fileName}`}
                confirmLabel="Remove attachment"
                onCancel={() => setRemoving(null)}
                onConfirm={() =>
                  call('jobs.removeAttachment', { attachmentId: a.id }).then(
                    () => setRemoving(null),
                    (e: unknown) => {
                      setRemoving(null);
                      setErrors([e instanceof Error ? e.message : String(e)]);
                    },
                  )
                }
              >
                Remove {a.fileName}? The copy in the app is deleted; the file you attached from is left as it is.
              </Confirm>
            ) : (
              <div className="row-actions">
                <button
                  type="button"
                  className="link"
                  onClick={() => void open(a.id)}
                  aria-label={`Open ${a.fileName}`}
                >
                  Open
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => void saveCopy(a.id)}
                  aria-label={`Save a copy of ${a.fileName}`}
                >
                  Save a copy
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => setRemoving(a.id)}
                  aria-label={`Remove ${a.fileName}`}
                >
                  Remove
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
