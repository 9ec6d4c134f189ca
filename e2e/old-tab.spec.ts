/**
 * A tab left open from an earlier `npm run start:web`: the host was stopped and started again (on
 * the same port here, so the tab's address answers; each start has a new token). The tab says once,
 * plainly, that the app was restarted and where to open it again; not "not responding" twice.
 */
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { startApp, type RunningApp } from './app';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

let running: RunningApp | null = null;
test.afterEach(async () => {
  await running?.stop();
  running = null;
});

test('an old tab of a previous launch says the app was restarted, once, and how to open it again', async ({ page }) => {
  const port = await freePort();
  running = await startApp(['--port', String(port)]);
  await page.goto(running.url);
  await expect(page.getByRole('button', { name: 'Open demo workspace' })).toBeVisible();

  await running.stop();
  running = await startApp(['--port', String(port)]);
  await page.reload();

  const notice = page.getByText(/RestoreAssist Desk was restarted, so this tab no longer works/);
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('Open it again from the address `npm run start:web` printed');
  await expect(page.getByText(/not responding/)).toHaveCount(0);
});
