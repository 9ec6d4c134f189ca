/**
 * A button that opens the computer's file chooser ("Import reports…", "Add attachment…") instead
 * of the browser's raw "Choose Files / No file chosen" input, and lists the files last chosen.
 * The input stays in the page, hidden, under its own name: what hands files to the app in tests
 * (setInputFiles) and what the button clicks.
 */
import { useRef, useState } from 'react';

export function FilePickButton({
  label,
  inputLabel,
  accept,
  multiple = true,
  disabled = false,
  describedBy,
  onFiles,
}: {
  /** The button's words, e.g. "Add attachment…". */
  label: string;
  /** The hidden input's name. */
  inputLabel: string;
  accept?: string;
  multiple?: boolean;
  disabled?: boolean;
  describedBy?: string;
  onFiles(files: File[]): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <div className="file-pick">
      <button
        type="button"
        className="secondary"
        disabled={disabled}
        aria-describedby={describedBy}
        onClick={() => input.current?.click()}
      >
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={inputLabel}
        accept={accept}
        multiple={multiple}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Cleared, so choosing the same file again is a new choice.
          event.target.value = '';
          if (files.length === 0) return;
          setChosen(files.map((f) => f.name));
          onFiles(files);
        }}
      />
      {chosen.length > 0 ? (
        <span className="file-pick-chosen muted" aria-live="polite">
          Chosen: {chosen.join(', ')}
        </span>
      ) : null}
    </div>
  );
}
