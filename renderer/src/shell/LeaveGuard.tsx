import { Dialog } from '../components/Dialog';
import { useSession } from '../stores/session';

/** "Discard unsaved changes?", asked when a form has them and the person goes somewhere else. */
export function LeaveGuard() {
  const pending = useSession((s) => s.pendingLeave);
  const answer = useSession((s) => s.answerLeave);
  if (!pending) return null;
  return (
    <Dialog role="alertdialog" title="Discard unsaved changes?" onClose={() => answer(false)} dismissable={false}>
      <p>The changes in the open form have not been saved. Leaving now loses them.</p>
      <div className="actions">
        <button type="button" className="danger" onClick={() => answer(true)}>
          Discard changes
        </button>
        <button type="button" className="secondary" autoFocus onClick={() => answer(false)}>
          Keep editing
        </button>
      </div>
    </Dialog>
  );
}
