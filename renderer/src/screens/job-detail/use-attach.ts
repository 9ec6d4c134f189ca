import { useState } from 'react';
import { MAX_ATTACHMENT_BYTES } from '../../../../shared/contract';
import { call } from '../../api';

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(new Error(`${file.name} could not be read. Pick it again.`));
    reader.readAsDataURL(file);
  });
}

/** Attaching files (picked or dropped on the panel), with each file's problem kept to show beside the section. */
export function useAttach(jobId: number) {
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function attach(files: File[]) {
    if (files.length === 0) return;
    setBusy(true);
    const problems: string[] = [];
    for (const file of files) {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        problems.push(`${file.name} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB. Attach a smaller file.`);
        continue;
      }
      try {
        // The type is read from the content in main; what the browser guessed is only passed on.
        await call('jobs.addAttachment', {
          jobId,
          fileName: file.name,
          mimeType: file.type || undefined,
          contentBase64: await readAsBase64(file),
        });
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    }
    setErrors(problems);
    setBusy(false);
  }
  return { attach, errors, setErrors, busy };
}

export type Attaching = ReturnType<typeof useAttach>;
