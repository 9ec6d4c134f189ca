/**
 * Issue 12 item 3: the Sync centre says which kind of run happened (a quick one of new and recent
 * jobs, or a full check) and when the last full check was, and "Full check now" asks for one. Over
 * the real core and the demo workspace's simulator; the first sync of a new connection is full.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../shared/format';
import { SyncCentre } from '../../renderer/src/screens/sync-centre/SyncCentre';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());

const logTable = () => screen.getByRole('table', { name: 'Sync log' });
/** The "What" cell of each run in the log, newest first. */
const runsInLog = () =>
  within(logTable())
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[1]!.textContent)
    .filter((what) => what?.startsWith('Sync run'));
const lastFullPassAt = () =>
  (
    world.core.ctx.sqlite
      .prepare("SELECT MIN(last_completed_pass_at) AS at FROM sync_checkpoints WHERE entity IN ('customers', 'jobs')")
      .get() as { at: string }
  ).at;

describe('the kinds of sync run in the Sync centre', () => {
  it('shows a quick sync after "Sync now", a full check after "Full check now", and when the last full check was', async () => {
    const user = userEvent.setup();
    render(<SyncCentre integrationId={world.integrationId} />);
    await waitFor(() => expect(runsInLog()).toEqual(['Sync run: full check']));
    const firstFull = lastFullPassAt();
    await screen.findByText(`Last full check: ${formatDateTime(firstFull)}`, { exact: false });

    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^Sync finished \(new and recent jobs/);
    await waitFor(() => expect(runsInLog()).toEqual(['Sync run: quick (new and recent jobs)', 'Sync run: full check']));
    expect(lastFullPassAt()).toBe(firstFull);

    await user.click(screen.getByRole('button', { name: 'Full check now' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Sync finished \(full check/));
    await waitFor(() =>
      expect(runsInLog()).toEqual([
        'Sync run: full check',
        'Sync run: quick (new and recent jobs)',
        'Sync run: full check',
      ]),
    );
    expect(lastFullPassAt()).not.toBe(firstFull);
    await screen.findByText(`Last full check: ${formatDateTime(lastFullPassAt())}`, { exact: false });
  });
});
