import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ensureNative,
  loadError,
  needsRebuild,
  parseAbiMismatch,
  prebuiltBinary,
  rebuildModule,
} from '../../scripts/ensure-native.mjs';

/** Node's own words when a module built for another runtime is loaded. */
const mismatch = (built: number, wanted: number) =>
  `Error: The module '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n` +
  `was compiled against a different Node.js version using\nNODE_MODULE_VERSION ${built}. This version of Node.js requires\n` +
  `NODE_MODULE_VERSION ${wanted}. Please try re-compiling or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-native-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const fakeModule = (name: string, body: string) => {
  fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', name, 'index.js'), body);
};

describe('the native module check', () => {
  it('reads the ABI pair from the load error and rebuilds only for a mismatch', () => {
    expect(parseAbiMismatch(mismatch(145, 115))).toEqual({ built: 145, wanted: 115 });
    expect(needsRebuild(mismatch(145, 115))).toBe(true);
    expect(needsRebuild(mismatch(115, 145))).toBe(true);
    expect(needsRebuild(mismatch(115, 115))).toBe(false);
    expect(needsRebuild(null)).toBe(false);
    expect(needsRebuild("Error: Cannot find module 'keytar'")).toBe(false);
  });

  it('does nothing and says nothing when the real modules load under this Node', () => {
    const lines: string[] = [];
    const rebuilt: string[][] = [];
    expect(ensureNative({ log: (l) => lines.push(l), rebuild: (names) => rebuilt.push(names) })).toEqual([]);
    expect(lines).toEqual([]);
    expect(rebuilt).toEqual([]);
  });

  it('rebuilds a module built for another ABI, with one line, and checks it loads after', () => {
    fakeModule(
      'fake-electron-built',
      `throw new Error(${JSON.stringify(mismatch(145, Number(process.versions.modules)))});`,
    );
    fakeModule('fake-node-built', 'module.exports = {};');
    // A .node file that is not a library at all: a load error, but not an ABI mismatch.
    fs.writeFileSync(path.join(dir, 'broken.node'), 'not a shared object');
    fakeModule('fake-broken', `process.dlopen(module, ${JSON.stringify(path.join(dir, 'broken.node'))});`);
    expect(needsRebuild(loadError('fake-broken', dir))).toBe(false);

    const lines: string[] = [];
    const rebuilt: string[][] = [];
    const result = ensureNative({
      modules: ['fake-electron-built', 'fake-node-built', 'fake-broken'],
      load: (name) => loadError(name, dir),
      rebuild: (names) => {
        rebuilt.push(names);
        fakeModule('fake-electron-built', 'module.exports = {};');
      },
      log: (l) => lines.push(l),
    });
    expect(result).toEqual(['fake-electron-built']);
    expect(rebuilt).toEqual([['fake-electron-built']]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `Rebuilding fake-electron-built for Node \\(ABI ${process.versions.modules}; they were built for ABI 145`,
      ),
    );
  });

  it('fails plainly when a rebuild does not fix the load', () => {
    fakeModule('fake-stuck', `throw new Error(${JSON.stringify(mismatch(145, 115))});`);
    expect(() =>
      ensureNative({ modules: ['fake-stuck'], load: (name) => loadError(name, dir), rebuild: () => {}, log: () => {} }),
    ).toThrow(/still cannot be loaded/);
  });
});

describe('rebuilding one module for this Node', () => {
  const moduleDir = (name: string, files: string[]) => {
    const root = path.join(dir, 'rebuild', name);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
    return root;
  };

  it("drops a module's own build when it ships a binary for this machine (better-sqlite3 13: npm rebuild skips it)", () => {
    const root = moduleDir('with-prebuild', [
      'build/Release/better_sqlite3.node',
      `prebuilds/${process.platform}-${process.arch}.node`,
    ]);
    const npm: string[][] = [];
    rebuildModule('better-sqlite3', { moduleDir: root, run: (args) => npm.push(args) });
    expect(fs.existsSync(path.join(root, 'build'))).toBe(false);
    expect(prebuiltBinary(root)).toBe(path.join(root, 'prebuilds', `${process.platform}-${process.arch}.node`));
    expect(npm).toEqual([]);
  });

  it('runs npm rebuild for a module without one (keytar)', () => {
    const root = moduleDir('without-prebuild', ['build/Release/keytar.node', 'prebuilds/plan9-mips.node']);
    const npm: string[][] = [];
    rebuildModule('keytar', { moduleDir: root, run: (args) => npm.push(args) });
    expect(npm).toEqual([['rebuild', 'keytar']]);
    expect(fs.existsSync(path.join(root, 'build/Release/keytar.node'))).toBe(true);
  });

  it('finds the binary better-sqlite3 really ships for this machine', () => {
    const real = path.dirname(require.resolve('better-sqlite3/package.json'));
    expect(prebuiltBinary(real)).not.toBeNull();
  });
});
