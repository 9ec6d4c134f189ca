/**
 * The office's time zone in the renderer: read from Settings (again whenever settings change) and
 * made the zone shared/format.ts shows dates in. The shell calls the hook once, so a change
 * re-renders every screen with the new zone.
 */
import { getDisplayTimeZone, setDisplayTimeZone } from '../../shared/format';
import { dayIn } from '../../shared/time';
import { call } from './api';
import { useLoad } from './hooks';
import { useChangeCounter } from './stores/live';

export function useOfficeTimeZone(): string {
  const changes = useChangeCounter('settings');
  const settings = useLoad(() => call('settings.get', {}), [changes]);
  const zone = settings.value?.timeZone;
  // Set while rendering, so this render's children already format in the office's zone.
  if (zone) setDisplayTimeZone(zone);
  return getDisplayTimeZone();
}

/** The office's today (`YYYY-MM-DD`), e.g. a new payment's date. */
export function officeToday(): string {
  return dayIn(getDisplayTimeZone(), Date.now());
}
