/** The theme setting (issue 14): kept with the other settings, through the contract, which refuses anything else. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/core/ipc/registry';
import { createSettingsService } from '../../main/core/services/settings';
import { createTestCore, type TestCore } from '../support/core';

let core: TestCore;
beforeEach(() => {
  core = createTestCore();
});
afterEach(() => core.close());

describe('the theme setting', () => {
  it('follows the OS until a person picks light or dark, and keeps the pick', async () => {
    const registry = createRegistry(createSettingsService(core).handlers);
    expect(await registry.invoke('settings.get', {})).toMatchObject({ ok: true, value: { theme: 'system' } });
    expect(await registry.invoke('settings.update', { theme: 'dark' })).toMatchObject({
      ok: true,
      value: { theme: 'dark', closeToTray: true },
    });
    // A new service over the same database (the next start) reads it back.
    expect(await createRegistry(createSettingsService(core).handlers).invoke('settings.get', {})).toMatchObject({
      ok: true,
      value: { theme: 'dark' },
    });
  });

  it('refuses a theme that is not one of the three, and changes nothing', async () => {
    const registry = createRegistry(createSettingsService(core).handlers);
    await registry.invoke('settings.update', { theme: 'light' });
    const refused = await registry.invoke('settings.update', { theme: 'purple', closeToTray: false } as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await registry.invoke('settings.get', {})).toMatchObject({
      ok: true,
      value: { theme: 'light', closeToTray: true },
    });
  });

  it('reads a stored value it does not know as "system" (never a broken window)', async () => {
    core.sqlite.prepare("INSERT INTO app_settings (key, value_json) VALUES ('theme', '\"sepia\"')").run();
    expect(createSettingsService(core).get().theme).toBe('system');
  });
});
