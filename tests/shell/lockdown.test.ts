import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  appMenuTemplate,
  devToolsAllowed,
  spellcheckAllowed,
  userDataOverride,
  type ShellRuntime,
} from '../../main/shell/lockdown';
import { createSecureWindow } from '../../main/shell/security';

/** Every role in the menu, submenus included: what a person can reach from it or by its shortcuts. */
function roles(menu: MenuItemConstructorOptions[]): string[] {
  return menu.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

/** Stands in for Electron's BrowserWindow: the seam is the options it is given. */
class RecordingWindow {
  static last: BrowserWindowConstructorOptions | null = null;
  constructor(options: BrowserWindowConstructorOptions) {
    RecordingWindow.last = options;
  }
}
const windowPrefs = (runtime: ShellRuntime) => {
  createSecureWindow(RecordingWindow, '/app/preload.cjs', runtime);
  return RecordingWindow.last!.webPreferences!;
};

const platforms: NodeJS.Platform[] = ['linux', 'win32', 'darwin'];
const developerRoles = ['reload', 'forceReload', 'toggleDevTools'];

describe('the packaged shell', () => {
  it.each(platforms)('has no DevTools, Reload or Force reload in its menu on %s', (platform) => {
    const menuRoles = roles(appMenuTemplate({ isPackaged: true, platform }, 'RestoreAssist Desk'));
    for (const role of developerRoles) expect(menuRoles).not.toContain(role);
  });

  it.each(platforms)('keeps edit, copy and paste (and their shortcuts) and the window roles on %s', (platform) => {
    const menuRoles = roles(appMenuTemplate({ isPackaged: true, platform }, 'RestoreAssist Desk'));
    expect(menuRoles).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'minimize']),
    );
    expect(menuRoles).toContain(platform === 'darwin' ? 'zoom' : 'close');
  });

  it('gives a development run its Reload and DevTools', () => {
    const menuRoles = roles(appMenuTemplate({ isPackaged: false, platform: 'linux' }, 'RestoreAssist Desk'));
    expect(menuRoles).toEqual(expect.arrayContaining(developerRoles));
  });

  it('opens DevTools in the window only when not packaged', () => {
    expect(devToolsAllowed({ isPackaged: true, platform: 'linux' })).toBe(false);
    expect(windowPrefs({ isPackaged: true, platform: 'win32' }).devTools).toBe(false);
    expect(windowPrefs({ isPackaged: false, platform: 'win32' }).devTools).toBe(true);
  });

  it('checks spelling with the OS dictionaries on Windows and macOS, and not on Linux (which downloads them)', () => {
    expect(spellcheckAllowed({ isPackaged: true, platform: 'win32' })).toBe(true);
    expect(spellcheckAllowed({ isPackaged: true, platform: 'darwin' })).toBe(true);
    expect(spellcheckAllowed({ isPackaged: true, platform: 'linux' })).toBe(false);
    expect(windowPrefs({ isPackaged: true, platform: 'linux' }).spellcheck).toBe(false);
    expect(windowPrefs({ isPackaged: true, platform: 'darwin' }).spellcheck).toBe(true);
  });

  it('ignores RESTOREASSIST_USER_DATA when packaged, and honours it in development', () => {
    const env = { RESTOREASSIST_USER_DATA: '/tmp/elsewhere' };
    expect(userDataOverride({ isPackaged: true, platform: 'linux' }, env)).toBeNull();
    expect(userDataOverride({ isPackaged: false, platform: 'linux' }, env)).toBe('/tmp/elsewhere');
    expect(userDataOverride({ isPackaged: false, platform: 'linux' }, { RESTOREASSIST_USER_DATA: ' ' })).toBeNull();
    expect(userDataOverride({ isPackaged: false, platform: 'linux' }, {})).toBeNull();
  });
});
