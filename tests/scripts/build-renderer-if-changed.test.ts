import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRendererIfChanged, rendererInputs, STAMP_FILE } from '../../scripts/build-renderer-if-changed.mjs';

// A small project with the real layout; the build itself (vite) is the seam: it writes an
// index.html whose asset name depends on the inputs, as Vite's content hashes do.
let root: string;
let builds = 0;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const fakeVite = (dir: string) => {
  builds++;
  const source = fs.readFileSync(path.join(dir, 'renderer/main.tsx'), 'utf8');
  write('dist/renderer/index.html', `<script src="./assets/index-${source.length}-${builds}.js"></script>`);
};
const start = () => buildRendererIfChanged({ root, build: fakeVite, log: () => {} });

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-if-changed-'));
  builds = 0;
  write('renderer/main.tsx', 'render(<App />)');
  write('renderer/app.test.tsx', 'test()');
  write('shared/contract.ts', 'export const contract = {}');
  write('vite.config.ts', 'export default {}');
  write('package-lock.json', '{}');
  write('main/core/app.ts', 'core');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('start:web and the UI build', () => {
  it('builds on the first start and reuses the build on the next when nothing changed', () => {
    expect(start()).toBe(true);
    expect(fs.existsSync(path.join(root, STAMP_FILE))).toBe(true);
    expect(start()).toBe(false);
    expect(builds).toBe(1);
  });

  it('builds again when a renderer or shared file, the lockfile or the Vite config changed', () => {
    start();
    for (const [file, text] of [
      ['renderer/main.tsx', 'render(<App strict />)'],
      ['shared/contract.ts', 'export const contract = { a: 1 }'],
      ['package-lock.json', '{"lockfileVersion":3}'],
      ['vite.config.ts', 'export default { base: "./" }'],
    ]) {
      const before = builds;
      write(file!, text!);
      expect(start(), file).toBe(true);
      expect(builds).toBe(before + 1);
    }
  });

  it('builds again when a file is added or removed, not when a test or core file changed', () => {
    start();
    write('renderer/screens/new.tsx', 'export {}');
    expect(start()).toBe(true);
    fs.rmSync(path.join(root, 'renderer/screens/new.tsx'));
    expect(start()).toBe(true);
    write('renderer/app.test.tsx', 'test("more")');
    write('main/core/app.ts', 'core changed');
    expect(start()).toBe(false);
  });

  it('builds again when the build was replaced or deleted since (a plain npm run build:renderer, a clean)', () => {
    start();
    write('dist/renderer/index.html', '<script src="./assets/index-other.js"></script>');
    expect(start()).toBe(true);
    fs.rmSync(path.join(root, 'dist/renderer'), { recursive: true });
    expect(start()).toBe(true);
    expect(builds).toBe(3);
  });

  it('hashes the inputs the real project has: the renderer, shared and the settings, without tests', () => {
    const inputs = rendererInputs(path.resolve('.'));
    expect(inputs).toEqual(expect.arrayContaining(['renderer/index.html', 'shared/contract.ts', 'vite.config.ts']));
    expect(inputs.some((file) => /\.test\.tsx?$/.test(file))).toBe(false);
    expect(inputs.some((file) => file.startsWith('main/'))).toBe(false);
  });
});
