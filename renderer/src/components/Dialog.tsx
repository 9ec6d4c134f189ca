/**
 * The one dialog of the app, on React Aria's ModalOverlay/Modal/Dialog: focus moves in (to the
 * element marked autoFocus, else the dialog), stays in (trap), goes back to where it was when the
 * dialog closes, and Escape closes it. Everything outside is hidden from screen readers meanwhile.
 */
import type { ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

export function Dialog({
  title,
  label,
  role = 'dialog',
  onClose,
  dismissable = true,
  className,
  children,
}: {
  /** A visible heading that names the dialog; without it, `label` names it. */
  title?: string;
  label?: string;
  /** 'alertdialog' for an "are you sure?" that interrupts. */
  role?: 'dialog' | 'alertdialog';
  /** Escape, a click outside (when dismissable) or the dialog's own buttons. */
  onClose(): void;
  /** A click outside closes it; off for a question that must be answered with a button. */
  dismissable?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <ModalOverlay
      isOpen
      isDismissable={dismissable}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      className="modal-overlay"
    >
      <Modal className="modal">
        <AriaDialog
          role={role}
          aria-label={title ? undefined : label}
          className={['dialog', className].filter(Boolean).join(' ')}
        >
          {title ? <Heading slot="title">{title}</Heading> : null}
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
