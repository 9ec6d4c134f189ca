/**
 * The window's keyboard shortcuts (listed in shell/commands.ts SHORTCUTS): Ctrl/Cmd+K anywhere;
 * the others only while the person is not typing in a field and no dialog is open. The next and
 * previous record (j/k, Alt+Arrows) belong to the list whose record is open: components/record-steps.ts.
 */
import { useEffect } from 'react';
import { useSession } from '../stores/session';
import { SCREENS } from './commands';
import { MAIN_ID } from './focus';

/** How long "g" waits for its second key. */
const GO_WAIT_MS = 1500;

/** The person is typing: one-key shortcuts (and j/k, components/record-steps.ts) are letters there. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.matches('input, textarea, select, [role=combobox], [role=textbox]'))
  );
}

/** The current screen's search box: the first search field in the main region. */
function focusScreenSearch(): boolean {
  const box = document
    .getElementById(MAIN_ID)
    ?.querySelector<HTMLInputElement>('input[type=search], [role=search] input:not([type=checkbox])');
  if (!box || box.getClientRects().length === 0) return false;
  box.focus();
  box.select();
  return true;
}

export function useShortcuts(): void {
  useEffect(() => {
    let goPressedAt = 0;
    const onKey = (event: KeyboardEvent) => {
      const session = useSession.getState();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        session.setOverlay(session.overlay === 'palette' ? null : 'palette');
        return;
      }
      if (event.defaultPrevented || session.overlay !== null || isTyping(event.target)) return;
      if (document.querySelector('[role=dialog], [role=alertdialog]')) return;
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[1-9]$/.test(event.code)) {
        const entry = SCREENS[Number(event.code.slice(5)) - 1];
        if (entry) {
          event.preventDefault();
          session.setScreen(entry.screen);
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (goPressedAt && Date.now() - goPressedAt < GO_WAIT_MS) {
        goPressedAt = 0;
        const entry = SCREENS.find((s) => s.goKey === event.key);
        if (entry) {
          event.preventDefault();
          session.setScreen(entry.screen);
          return;
        }
      }
      if (event.key === 'g') {
        goPressedAt = Date.now();
      } else if (event.key === '?') {
        event.preventDefault();
        session.setOverlay('shortcuts');
      } else if (event.key === '/') {
        if (focusScreenSearch()) event.preventDefault();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
