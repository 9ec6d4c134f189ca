/**
 * What the shipped app offers beyond the page, as plain functions tested under Node (Electron cannot
 * run on our CI machines): the application menu, DevTools, the spellchecker and the data-folder
 * override. A packaged app gives a person with the laptop no DevTools, no Reload and no other data
 * folder; a development run keeps them.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface ShellRuntime {
  isPackaged: boolean;
  platform: NodeJS.Platform;
}

/**
 * The application menu. Edit (undo, cut, copy, paste, select all) and Window roles always, so the
 * keyboard shortcuts work in every text field; View with Reload, Force reload and DevTools only in
 * development: in the packaged app DevTools would open the page (and its contract) to whoever holds
 * the laptop, and a reload drops a half-typed form.
 */
export function appMenuTemplate({ isPackaged, platform }: ShellRuntime, appName: string): MenuItemConstructorOptions[] {
  const menu: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') {
    menu.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  } else {
    menu.push({ label: 'File', submenu: [{ role: 'quit' }] });
  }
  menu.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!isPackaged)
    view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  menu.push({ label: 'View', submenu: view });
  menu.push({
    label: 'Window',
    submenu:
      platform === 'darwin'
        ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
  });
  return menu;
}

/** webPreferences.devTools: DevTools (and their shortcuts) exist only in a development run. */
export function devToolsAllowed({ isPackaged }: ShellRuntime): boolean {
  return !isPackaged;
}

/**
 * Spelling is checked with the OS's own dictionaries on Windows and macOS. On Linux Chromium's
 * checker downloads Hunspell dictionaries from a Google server at start: off there, so the app
 * makes no request the office did not ask for.
 */
export function spellcheckAllowed({ platform }: ShellRuntime): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/**
 * RESTOREASSIST_USER_DATA points a development run (the Electron smoke test, a second office on one
 * machine) at another data folder. A packaged app ignores it: an environment variable set by anyone
 * must not swap the office's database and keychain entries for another folder's.
 */
export function userDataOverride(runtime: ShellRuntime, env: NodeJS.ProcessEnv): string | null {
  if (runtime.isPackaged) return null;
  const dir = env.RESTOREASSIST_USER_DATA?.trim();
  return dir ? dir : null;
}
