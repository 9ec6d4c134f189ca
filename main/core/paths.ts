import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'RestoreAssist Desk';
export const DATABASE_FILE = 'restoreassist.db';
/** The demo workspace's simulated Ascora tenant, beside the database. */
export const DEMO_STATE_FILE = 'demo-ascora.json';
/**
 * Where an attachment is decrypted for the OS viewer ("Open"): one folder per open, the owner's
 * alone, emptied when the app quits and at the next start. The Electron shell opens nothing else.
 */
export const OPENED_ATTACHMENTS_FOLDER = 'opened-attachments';

/**
 * The same folder Electron's app.getPath('userData') gives, so the browser mode and the desktop
 * app share one database on a machine.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = env.HOME ?? os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
