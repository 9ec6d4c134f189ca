/**
 * The update channels where the app cannot update itself: the core's own answers, heard in the
 * browser host. The desktop app's main process answers these channels itself, before the core
 * (main/shell/updates.ts), with the real updater.
 */
import type { HandlerMap } from '../ipc/types';
import { UPDATES_COME_WITH_THE_DESKTOP_APP } from '../../../shared/updates';

export const unsupportedUpdateHandlers = {
  'updates.status': () => UPDATES_COME_WITH_THE_DESKTOP_APP,
  'updates.check': () => UPDATES_COME_WITH_THE_DESKTOP_APP,
  'updates.restart': () => ({ outcome: 'not-ready' as const, message: UPDATES_COME_WITH_THE_DESKTOP_APP.message }),
} satisfies HandlerMap;
