/** A record named in a panel or on Today, as a link-styled button that opens it on its own screen. */
import type { ReactNode } from 'react';
import { useSession, type Focus } from '../stores/session';

export function RecordLink({ to, children, className }: { to: Focus; children: ReactNode; className?: string }) {
  const openRecord = useSession((s) => s.openRecord);
  return (
    <button type="button" className={className ? `link ${className}` : 'link'} onClick={() => openRecord(to)}>
      {children}
    </button>
  );
}
