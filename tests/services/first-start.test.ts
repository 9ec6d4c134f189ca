/**
 * The first start's answer (issue 20, point 10): a new data folder asks for "Your name" and the
 * time zone; saved or skipped, the answer is kept and the question is not asked again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/core/ipc/registry';
import { createSettingsService } from '../../main/core/services/settings';
import { createTestCore, type TestCore } from '../support/core';

let core: TestCore;
beforeEach(() => {
  core = createTestCore();
});
afterEach(() => core.close());

describe('the first start', () => {
  it('is unanswered in a new data folder, and answered for good once skipped (the next start reads it back)', async () => {
    const registry = createRegistry(createSettingsService(core).handlers);
    expect(await registry.invoke('settings.get', {})).toMatchObject({
      ok: true,
      value: { firstStartAnswered: false, yourName: '' },
    });
    await registry.invoke('settings.update', { firstStartAnswered: true });
    const next = createRegistry(createSettingsService(core).handlers);
    expect(await next.invoke('settings.get', {})).toMatchObject({
      ok: true,
      value: { firstStartAnswered: true, yourName: '' },
    });
  });

  it('saves the name and the zone with the answer in one change', async () => {
    const registry = createRegistry(createSettingsService(core).handlers);
    expect(
      await registry.invoke('settings.update', {
        yourName: 'Priya Shah',
        timeZone: 'Australia/Perth',
        firstStartAnswered: true,
      }),
    ).toMatchObject({
      ok: true,
      value: { yourName: 'Priya Shah', timeZone: 'Australia/Perth', firstStartAnswered: true },
    });
  });

  it('refuses an answer that is not true or false, and changes nothing', async () => {
    const registry = createRegistry(createSettingsService(core).handlers);
    const refused = await registry.invoke('settings.update', { firstStartAnswered: 'yes', yourName: 'X' } as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(createSettingsService(core).get()).toMatchObject({ firstStartAnswered: false, yourName: '' });
  });

  it('reads a stored answer that is not true as unanswered (asked again rather than never)', () => {
    core.sqlite.prepare("INSERT INTO app_settings (key, value_json) VALUES ('firstStartAnswered', '\"yes\"')").run();
    expect(createSettingsService(core).get().firstStartAnswered).toBe(false);
  });
});
