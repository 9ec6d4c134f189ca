/**
 * An "are you sure?" for the action the person just chose: says what will happen and what is lost,
 * then the action and a way back. A modal alert dialog (components/Dialog.tsx): the way back has
 * the focus first, so Enter never destroys by accident; Escape goes back too, and the focus returns
 * to where it was.
 */
import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

export function Confirm({
  label,
  children,
  confirmLabel,
  cancelLabel = 'Keep it',
  danger = true,
  onConfirm,
  onCancel,
}: {
  /** The accessible name of the box, e.g. "Withdraw payment RA-PAY-7K2QX-5". */
  label: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  onConfirm(): Promise<unknown> | void;
  onCancel(): void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog role="alertdialog" label={label} onClose={onCancel} dismissable={false} className="dialog-warn">
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
        {/* The safe way back has the focus first. */}
        <button type="button" className="secondary" autoFocus onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </Dialog>
  );
}
