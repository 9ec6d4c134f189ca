import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

// The fuses are flipped only when electron-builder packages the app, which needs the network and
// minutes; this reads the same configuration electron-builder reads and holds each fuse to its value.
const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const config = load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const fuses = (config.electronFuses ?? {}) as Record<string, unknown>;

describe('Electron fuses in electron-builder.yml', () => {
  it.each([
    ['runAsNode', false], // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node.
    ['enableNodeOptionsEnvironmentVariable', false], // NODE_OPTIONS=--require evil.js
    ['enableNodeCliInspectArguments', false], // --inspect / SIGUSR1 give a debugger to anyone local
    ['enableEmbeddedAsarIntegrityValidation', true], // a modified app.asar does not load
    ['onlyLoadAppFromAsar', true], // no app/ folder beside the asar to sidestep the check above
    ['grantFileProtocolExtraPrivileges', false], // file:// pages would get fetch, workers and storage
  ])('%s is %s', (name, value) => {
    expect(fuses[name]).toBe(value);
  });

  it("passes electron-builder's own validation (a misspelt fuse name fails the build, not silently)", async () => {
    // app-builder-lib comes with electron-builder; this is the check `electron-builder` runs first.
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    expect(Object.keys(fuses).length).toBeGreaterThan(0);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });
});
