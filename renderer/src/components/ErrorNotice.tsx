import { ContractError } from '../api';

/** Shows what happened and what to do next (the contract's message says both). */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const notYet = error instanceof ContractError && error.code === 'NOT_IMPLEMENTED';
  return (
    <div role="alert" className={notYet ? 'notice notice-info' : 'notice notice-error'}>
      {notYet ? <strong>Not available yet. </strong> : null}
      {message}
    </div>
  );
}
