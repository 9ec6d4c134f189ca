/**
 * What every record panel beside a list does (a job, a customer, an invoice): Escape closes it,
 * focus moves into it when it opens and back to what opened it (the row) when it closes.
 * Dialogs get the same from React Aria's Modal (components/Dialog.tsx); a panel is not modal,
 * so these two hooks give it the same contract.
 */
import { useEffect, useRef } from 'react';
import { focusScreenHeading } from '../shell/focus';

/** The panels open now, newest last: Escape closes only the newest. */
const openPanels: { close(): void }[] = [];

/** A field where Escape belongs to the typing (a native search box clears itself with it). */
function isEditing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.matches('input:not([type=checkbox]):not([type=radio]), textarea, select'))
  );
}

/**
 * Escape closes this panel (while it is the newest one open), unless a dialog is open over it or
 * the person is typing in one of its fields.
 */
export function useEscapeToClose(onClose: () => void): void {
  const latest = useRef(onClose);
  useEffect(() => {
    latest.current = onClose;
  });
  useEffect(() => {
    const entry = { close: () => latest.current() };
    openPanels.push(entry);
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || openPanels.at(-1) !== entry) return;
      if (isEditing(event.target) || document.querySelector('[role=dialog], [role=alertdialog]')) return;
      event.preventDefault();
      entry.close();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      openPanels.splice(openPanels.indexOf(entry), 1);
    };
  }, []);
}

/**
 * A record panel: put the ref on its container (with tabIndex={-1}). The focus moves into the
 * panel when it opens, back to what opened it when it closes (or to the screen's heading when that
 * is gone), and Escape closes it.
 */
export function usePanel<T extends HTMLElement>(onClose: () => void) {
  const ref = useRef<T>(null);
  useEscapeToClose(onClose);
  useEffect(() => {
    // What had the focus: a row, a link. Not the page itself (what opened it, the palette, is gone).
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    ref.current?.focus();
    return () => {
      // After React has removed the panel: the opener may be back in view (a narrow window shows
      // the list again) or gone (the palette that opened it).
      requestAnimationFrame(() => {
        if (opener?.isConnected && opener.getClientRects().length > 0) opener.focus();
        else focusScreenHeading();
      });
    };
  }, []);
  return ref;
}
