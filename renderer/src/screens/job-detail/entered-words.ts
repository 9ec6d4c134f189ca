import type { EnteredInAscora } from '../../../../shared/domain';
import { formatDateTime } from '../../../../shared/format';

/** ", entered in Ascora by Sam on 7/12/2026 3:40 pm": what "Done in Ascora" left on the record. */
export function enteredWords(entered: EnteredInAscora | null | undefined): string {
  if (!entered) return '';
  return `, entered in Ascora${entered.by ? ` by ${entered.by}` : ''} ${formatDateTime(entered.at)}`;
}
