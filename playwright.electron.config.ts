import { defineConfig } from '@playwright/test';

// `npm run test:electron`: the real Electron app, for machines that have the Electron binary
// (it cannot be downloaded on our CI machines, so this is not part of `npm test`).
export default defineConfig({
  testDir: 'e2e-electron',
  outputDir: 'test-results/e2e-electron',
  timeout: 90_000,
  workers: 1,
  forbidOnly: true,
  retries: 0,
});
