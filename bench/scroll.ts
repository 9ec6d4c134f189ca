/**
 * `npm run bench:scroll [-- --size small|full] [-- --data DIR]`: case 10 of the benchmark alone,
 * the Jobs list scrolled from top to bottom in Chromium (frames a second, the longest frame, the
 * row elements in the DOM), for working on the lists without the whole run.
 *   --data DIR  a folder holding a mirror already synced at this size (from an earlier run of this
 *               script, which prints it): the first sync is skipped and the folder kept
 * Without --data the simulator is seeded, the first sync fills a fresh mirror in a temp folder,
 * and that folder is kept for the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runScroll, SCROLL_TARGET, scrollFigure, scrollPasses } from './cases/ui';
import { bundleChild, ensureRendererBuilt, log, runTask, withHost } from './lib/children';
import { startSimProcess } from './lib/sim';
import { SIM_SEED, SIZES } from './lib/sizes';
import { int } from './lib/stats';

const { values: flags } = parseArgs({
  options: { size: { type: 'string', default: 'small' }, data: { type: 'string' } },
});
const size = SIZES[flags.size!];
if (!size) {
  console.error(`--size must be one of ${Object.keys(SIZES).join(', ')}, not "${flags.size}".`);
  process.exit(2);
}

async function main(): Promise<void> {
  ensureRendererBuilt();
  await bundleChild();
  let dataDir = flags.data;
  if (!dataDir) {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `ra-bench-scroll-${size!.name}-`)), 'app');
    fs.mkdirSync(dataDir, { recursive: true });
    log(`first sync of ${int(size!.jobs)} jobs into ${dataDir}`);
    const sim = await startSimProcess(size!, SIM_SEED);
    try {
      await runTask('sync', { sim: { url: sim.url, apiKey: sim.apiKey }, dataDir });
    } finally {
      await sim.close();
    }
  }
  log('Jobs in Chromium, scrolled from top to bottom');
  const limitMs = size!.name === 'full' ? 240_000 : 60_000;
  const scroll = await withHost(dataDir, (launchUrl) => runScroll(launchUrl, { stepPx: 2000, limitMs }));
  const pass = scrollPasses(scroll);
  console.log(
    `10. Jobs UI at ${int(scroll.totalRows)} rows: ${scrollFigure(scroll)} (target ${SCROLL_TARGET}) ${pass ? 'pass' : 'FAIL'}`,
  );
  console.log(`Mirror kept for the next run: --data ${dataDir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
