/**
 * The office's time zone in the renderer: read from Settings (again whenever settings change) and
 * made the zone shared/format.ts shows dates in. The shell calls the hook once, so a change
 * re-renders every screen with the new zone.
 */
import { getDisplayTimeZone, setDisplayTimeZone } from '../../shared/format';
import { dayIn } from '../../shared/time';
import { useCoreQuery } from './cache';

export function useOfficeTimeZone(): string {
  // The one settings answer every screen shares, asked again when the core says settings changed.
  const settings = useCoreQuery('settings.get', {});
  const zone = settings.data?.timeZone;
  // Set while rendering, so this render's children already format in the office's zone.
  if (zone) setDisplayTimeZone(zone);
  return getDisplayTimeZone();
}

/** The office's today (`YYYY-MM-DD`), e.g. a new payment's date. */
export function officeToday(): string {
  return dayIn(getDisplayTimeZone(), Date.now());
}
