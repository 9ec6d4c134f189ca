import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts', 'main/**/*.test.ts', 'shared/**/*.test.ts', 'sim/**/*.test.ts'],
          // tests/renderer belongs to the renderer project (jsdom) only: its .ts files ran in both.
          exclude: [...configDefaults.exclude, 'tests/renderer/**'],
          // Real SQLite files and real sockets: keep tests in separate forks, two at a time (2 cores).
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          // tests/renderer: screens over the real core in-process (a real SQLite file, the demo simulator).
          include: ['renderer/**/*.test.{ts,tsx}', 'tests/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['renderer/test-setup.ts'],
          pool: 'forks',
          maxWorkers: 2,
          // A whole screen in jsdom over the real core: on a loaded two-core machine one can take
          // over 30 s (seen: Jobs and Customers forms); a safety net, not a speed target.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
