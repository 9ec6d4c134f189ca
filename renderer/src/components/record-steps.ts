/**
 * The next and previous record while one is open beside its list (Jobs, Customers, Invoices):
 * `j`/`k` and Alt+ArrowDown/Alt+ArrowUp open the next/previous row of the list as it is sorted
 * and filtered now (the rows it has loaded). Listed in the shortcuts sheet (shell/commands.ts).
 *
 * `j`/`k` are letters: never while typing in a field. In the list itself they step the open record
 * rather than the list's type-ahead (the list's own arrows and Enter do the rest there).
 * Alt+Arrows also work in a text field (a search box has no use for them), except where the
 * browser or a control gives them a meaning of their own: a select or a pick list opens, a date
 * part, a number or a suggestion list changes, and on a Mac Option+Arrow moves the caret in any
 * text field; a multi-line box (a note being written) keeps them too.
 */
import { useEffect, useRef, useState } from 'react';
import { isTyping } from '../shell/useShortcuts';
import { useSession } from '../stores/session';

const IS_MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** Controls that use Alt+ArrowUp/Down themselves. */
const OWNS_ALT_ARROWS =
  'select, textarea, input[list], input[type=date], input[type=time], input[type=datetime-local], ' +
  'input[type=month], input[type=week], input[type=number], [role=combobox], [role=spinbutton], ' +
  '[aria-haspopup]:not([aria-haspopup=false])';

/** +1 for the next record, -1 for the previous one, or null: the key is not a step here. */
export function stepOf(event: KeyboardEvent): 1 | -1 | null {
  if (event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const target = event.target instanceof HTMLElement ? event.target : null;
  // A pick list's or menu's own keys (its type-ahead, its arrows).
  if (target?.closest('[role=listbox], [role=menu]')) return null;
  if (event.altKey) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return null;
    if (target && (target.isContentEditable || target.matches(OWNS_ALT_ARROWS))) return null;
    if (IS_MAC && isTyping(target)) return null;
    return event.key === 'ArrowDown' ? 1 : -1;
  }
  if (event.key !== 'j' && event.key !== 'k') return null;
  if (isTyping(target)) return null;
  return event.key === 'j' ? 1 : -1;
}

interface Options<T extends { id: number }> {
  /** The list's rows as loaded, in its order now. */
  rows: T[];
  /** The record open beside the list (null: none, so no steps). */
  openId: number | null;
  open(row: T): void;
  /** The row in words, said when it opens: "Job J10273, Water damage – …". */
  describe(row: T): string;
  noun: { one: string; many: string };
}

/**
 * Steps the open record with the keyboard; answers what to say politely (put it in a
 * role="status" on the screen): the record that opened, or that the list ends there.
 */
export function useRecordSteps<T extends { id: number }>({ rows, openId, open, describe, noun }: Options<T>): string {
  const [said, setSaid] = useState('');
  const latest = useRef({ rows, open, describe, noun });
  useEffect(() => {
    latest.current = { rows, open, describe, noun };
  });
  useEffect(() => {
    if (openId === null) return;
    const onKey = (event: KeyboardEvent) => {
      const step = stepOf(event);
      if (step === null || useSession.getState().overlay !== null) return;
      if (document.querySelector('[role=dialog], [role=alertdialog]')) return;
      const { rows, open, describe, noun } = latest.current;
      const index = rows.findIndex((r) => r.id === openId);
      // A record not in the list as it is filtered now (opened from the palette): j starts at the top.
      const next = index === -1 ? (step === 1 ? rows[0] : rows.at(-1)) : rows[index + step];
      // Before the list's type-ahead (capture phase): in the list, j is this, not "rows starting with j".
      event.preventDefault();
      event.stopPropagation();
      if (!next) {
        setSaid(
          step === 1 ? `The last ${noun.one} in the list is open.` : `The first ${noun.one} in the list is open.`,
        );
        return;
      }
      const panelHadFocus = Boolean(document.activeElement?.closest('.split-detail'));
      open(next);
      setSaid(`${describe(next)}, ${index === -1 ? 1 : index + step + 1} of ${rows.length} loaded ${noun.many}.`);
      // A panel drawn anew for the next record (a customer's, an invoice's) loses what had the
      // focus; the panel itself takes it, so the keyboard stays in the record.
      if (panelHadFocus)
        requestAnimationFrame(() => {
          const active = document.activeElement;
          if (active && active !== document.body && active.isConnected) return;
          document.querySelector<HTMLElement>('main .split-detail')?.focus();
        });
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [openId]);
  return said;
}
