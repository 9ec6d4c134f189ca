/** "?" or the palette's "Show keyboard shortcuts": every shortcut of the window, from the one table. */
import { Dialog } from '../components/Dialog';
import { useSession } from '../stores/session';
import { SHORTCUTS } from './commands';

export function ShortcutsSheet() {
  const setOverlay = useSession((s) => s.setOverlay);
  const close = () => setOverlay(null);
  return (
    <Dialog title="Keyboard shortcuts" onClose={close}>
      <p className="hint">Shortcuts with one key work when the cursor is not in a field.</p>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.what}>
              <th scope="row">
                {s.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 ? ' or ' : null}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </th>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {/* The sheet is read, then closed: its one button has the focus. */}
        <button type="button" autoFocus onClick={close}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
