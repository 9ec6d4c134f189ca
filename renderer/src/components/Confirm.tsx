/**
 * An inline "are you sure?" where the action is: says what will happen and what is lost, then the
 * action and a way back. The way back has the focus first, so Enter never destroys by accident;
 * Escape goes back too.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export function Confirm({
  label,
  children,
  confirmLabel,
  cancelLabel = 'Keep it',
  danger = true,
  onConfirm,
  onCancel,
}: {
  /** The accessible name of the box, e.g. "Withdraw payment RA-PAY-5". */
  label: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  onConfirm(): Promise<unknown> | void;
  onCancel(): void;
}) {
  const back = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => back.current?.focus(), []);
  return (
    <div
      className="notice notice-warn"
      role="alertdialog"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <div>{children}</div>
      <div className="actions">
        <button
          type="button"
          className={danger ? 'danger' : undefined}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void Promise.resolve(onConfirm()).finally(() => setBusy(false));
          }}
        >
          {confirmLabel}
        </button>
        <button type="button" className="secondary" ref={back} onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
