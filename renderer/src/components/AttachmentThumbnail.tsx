/**
 * An attachment's small picture in the job panel: a JPEG or PNG drawn from the app's own copy
 * (read through jobs.readAttachment, nothing fetched from the network); any other kind, HEIC
 * included (Chromium cannot draw it), shows a plain icon with the file's kind.
 */
import type { JobAttachment } from '../../../shared/domain';
import { useCoreQuery } from '../cache';

/** The kinds Chromium draws itself. */
const DRAWN_TYPES = new Set(['image/jpeg', 'image/png']);

export function AttachmentThumbnail({
  attachment,
}: {
  attachment: Pick<JobAttachment, 'id' | 'fileName' | 'mimeType'>;
}) {
  if (!DRAWN_TYPES.has(attachment.mimeType)) return <FileIcon attachment={attachment} />;
  return <ImageThumbnail attachment={attachment} />;
}

function ImageThumbnail({ attachment }: { attachment: Pick<JobAttachment, 'id' | 'fileName' | 'mimeType'> }) {
  // Read once per attachment: a copy never changes under its id.
  const file = useCoreQuery('jobs.readAttachment', { attachmentId: attachment.id });
  // The type checked by main from the content, not the file's name, goes into the data: URL.
  if (!file.data) return <FileIcon attachment={attachment} />;
  return (
    <img
      className="attachment-thumb"
      src={`data:${file.data.mimeType};base64,${file.data.contentBase64}`}
      alt={`Preview of ${attachment.fileName}`}
      width={48}
      height={48}
      decoding="async"
    />
  );
}

/** The file's kind in short ("PDF", "DOCX"), in a box the size of a picture. */
function FileIcon({ attachment }: { attachment: Pick<JobAttachment, 'fileName' | 'mimeType'> }) {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(attachment.fileName)?.[1];
  return (
    <span className="attachment-icon" aria-hidden="true">
      {(extension ?? 'file').toUpperCase()}
    </span>
  );
}
