#!/usr/bin/env node
// `npm run typecheck`: one TypeScript check per layer, so each layer sees only the globals it may
// use (tsconfig.shared.json: neither Node nor the DOM; tsconfig.core.json: Node, no DOM;
// tsconfig.renderer.json: the DOM, no Node), then tsconfig.json over everything else (tests, e2e,
// bench, scripts, the Electron shell). Two at a time; incremental, so a second run is quick.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const configs = ['tsconfig.core.json', 'tsconfig.renderer.json', 'tsconfig.shared.json', 'tsconfig.json'];

const check = (config) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ config, code, output }));
  });

const queue = [...configs];
const results = [];
await Promise.all(
  [1, 2].map(async () => {
    while (queue.length > 0) results.push(await check(queue.shift()));
  }),
);
const failed = results.filter((r) => r.code !== 0);
for (const r of failed) process.stderr.write(`\n${r.config}:\n${r.output}`);
process.exit(failed.length > 0 ? 1 : 0);
