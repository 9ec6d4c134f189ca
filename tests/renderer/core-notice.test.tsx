/**
 * When the core's worker thread stops and is started again, main sends 'core.crashed'
 * (main/core/worker/core-worker.ts); the window says so, with the message main sent, until dismissed.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it } from 'vitest';
import { CRASH_NOTICE } from '../../main/core/worker/core-worker';
import { App } from '../../renderer/src/App';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

it('shows that the app stopped and started again, until dismissed', async () => {
  world = await startRendererWorld({ sync: false });
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('navigation', { name: 'Main' });
  expect(screen.queryByText(CRASH_NOTICE)).toBeNull();

  world.core.events.emit('core.crashed', { message: CRASH_NOTICE, restarted: true });
  const notice = await screen.findByRole('alert');
  expect(notice.textContent).toContain(CRASH_NOTICE);

  await user.click(screen.getByRole('button', { name: 'Dismiss' }));
  await waitFor(() => expect(screen.queryByText(CRASH_NOTICE, { exact: false })).toBeNull());
});
