/**
 * App settings, kept as key/value JSON in app_settings with defaults for what was never set; and
 * where the log files are, for support.
 */
import os from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { THEME_CHOICES, type LogFolder, type Settings, type ThemeChoice } from '../../../shared/domain';
import { isTimeZone, systemTimeZone } from '../../../shared/time';
import type { CoreContext } from '../context';
import { appSettings } from '../db/schema';
import type { Db } from '../db/types';
import type { HandlerMap } from '../ipc/types';
import { logFolder } from '../log-file';
import { makePrivateDir } from '../private-files';

export const DEFAULT_SETTINGS: Settings = {
  // Ascora has no endpoint that lists a tenant's payment methods, so the office keeps their names here.
  paymentMethods: ['EFT', 'Credit Card', 'Cheque', 'Cash'],
  reportTotalsIncludeGst: false,
  closeToTray: true,
  theme: 'system',
  yourName: '',
  defaultName: '',
  // The computer's own zone until the office picks one (a laptop set to Perth shows Perth's day).
  timeZone: systemTimeZone(),
  firstStartAnswered: false,
};

/** The computer's user name, what notes are signed with until a name is set; empty if the OS will not say. */
function osUserName(): string {
  try {
    return os.userInfo().username.trim().slice(0, 100);
  } catch {
    return '';
  }
}

export function readSettings(db: Pick<Db, 'select'>): Settings {
  const stored = Object.fromEntries(
    db
      .select()
      .from(appSettings)
      .all()
      .map((r) => [r.key, JSON.parse(r.valueJson) as unknown]),
  );
  return {
    paymentMethods: Array.isArray(stored.paymentMethods)
      ? (stored.paymentMethods as string[])
      : DEFAULT_SETTINGS.paymentMethods,
    reportTotalsIncludeGst:
      typeof stored.reportTotalsIncludeGst === 'boolean'
        ? stored.reportTotalsIncludeGst
        : DEFAULT_SETTINGS.reportTotalsIncludeGst,
    closeToTray: typeof stored.closeToTray === 'boolean' ? stored.closeToTray : DEFAULT_SETTINGS.closeToTray,
    theme: THEME_CHOICES.includes(stored.theme as ThemeChoice) ? (stored.theme as ThemeChoice) : DEFAULT_SETTINGS.theme,
    yourName: typeof stored.yourName === 'string' ? stored.yourName : DEFAULT_SETTINGS.yourName,
    defaultName: osUserName(),
    timeZone: readTimeZone(stored.timeZone),
    firstStartAnswered: stored.firstStartAnswered === true,
  };
}

/** A stored zone this runtime no longer knows (renamed, or a hand-edited file) falls back to the default. */
function readTimeZone(stored: unknown): string {
  return typeof stored === 'string' && isTimeZone(stored) ? stored : DEFAULT_SETTINGS.timeZone;
}

/**
 * The office's time zone, for "today", date filters, invoice ageing and the dates sent to Ascora
 * (shared/time.ts does the calendar arithmetic in it).
 */
export function officeTimeZone(db: Pick<Db, 'select'>): string {
  const stored = db.select().from(appSettings).where(eq(appSettings.key, 'timeZone')).get();
  return readTimeZone(stored ? (JSON.parse(stored.valueJson) as unknown) : undefined);
}

/** The name a note written now is signed with. */
export function noteAuthor(db: Pick<Db, 'select'>): string {
  const settings = readSettings(db);
  return settings.yourName || settings.defaultName;
}

const NOT_ENCRYPTED_NOTE = 'The local copy of your Ascora data on this computer is not encrypted.';

export interface SettingsDeps {
  /** The host's way to show a folder in the file manager; absent in the browser host. */
  openFolder?: (dir: string) => Promise<boolean>;
}

export function createSettingsService(ctx: CoreContext, deps: SettingsDeps = {}) {
  /** The path is always the data folder's logs/: nothing from the caller ever becomes a path. */
  async function logs(open: boolean): Promise<LogFolder> {
    const dir = logFolder(ctx.dataDir);
    makePrivateDir(dir);
    const opened = open && deps.openFolder ? await deps.openFolder(dir) : false;
    if (open && deps.openFolder && !opened) ctx.logger.warn('log folder could not be opened', { dir });
    return { path: dir, canOpen: deps.openFolder !== undefined, opened };
  }

  function update(changes: Partial<Settings>): Settings {
    ctx.db.transaction((tx) => {
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        const cleaned =
          key === 'paymentMethods' ? [...new Set((value as string[]).map((m) => m.trim()).filter(Boolean))] : value;
        tx.insert(appSettings)
          .values({ key, valueJson: JSON.stringify(cleaned) })
          .onConflictDoUpdate({
            target: appSettings.key,
            set: { valueJson: JSON.stringify(cleaned), updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` },
          })
          .run();
      }
    });
    ctx.events.emit('record.changed', { entity: 'settings', ids: 'many' });
    return readSettings(ctx.db);
  }
  const handlers = {
    'settings.get': () => readSettings(ctx.db),
    'settings.update': (changes) => update(changes),
    'settings.logFolder': ({ open }) => logs(open),
    'settings.localCopy': () => ctx.localCopy ?? { encrypted: false, note: NOT_ENCRYPTED_NOTE },
  } satisfies HandlerMap;
  return { get: () => readSettings(ctx.db), update, logs, handlers };
}
