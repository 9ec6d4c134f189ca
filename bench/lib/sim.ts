/**
 * The seeded simulator in its own process (`sim/cli.ts`), as Ascora is a separate machine: its
 * memory and its CPU time never count towards the app process's figures. Driven through its
 * control interface over HTTP (/__sim/<action>).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DEMO_API_KEY } from '../../sim/server';
import { REPO_ROOT } from './paths';
import type { SimEndpoint } from './sim-control';
import type { BenchSize } from './sizes';

export interface SimProcess extends SimEndpoint {
  close(): Promise<void>;
}

export async function startSimProcess(size: BenchSize, seed: number): Promise<SimProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'sim/cli.ts',
      '--seed',
      String(seed),
      '--jobs',
      String(size.jobs),
      '--customers',
      String(size.customers),
      '--invoices',
      String(size.invoices),
      '--port',
      '0',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The simulator did not start in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Ascora simulator at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The simulator exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    apiKey: DEMO_API_KEY,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
