/**
 * A screen keeps its state while the person is away (useScreenState), and navigation asks before
 * unsaved changes are dropped (useUnsavedChangesGuard, answered in the shell's LeaveGuard). The
 * Jobs and Customers screens over the real core.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Customers } from '../../renderer/src/screens/Customers';
import { Jobs } from '../../renderer/src/screens/Jobs';
import { LeaveGuard } from '../../renderer/src/shell/LeaveGuard';
import { useScreenState, useSession, useUnsavedChangesGuard } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());
beforeEach(() => {
  useSession.setState({ screen: 'jobs', screens: {}, focus: null, overlay: null, unsaved: [], pendingLeave: null });
});

describe('screen state kept while away', () => {
  it('Jobs finds its search text and open job again after the screen was left', async () => {
    const user = userEvent.setup();
    const job = world.core.ctx.sqlite
      .prepare('SELECT id, job_number AS number FROM ascora_jobs WHERE job_number IS NOT NULL LIMIT 1 OFFSET 3')
      .get() as { id: number; number: string };
    const first = render(<Jobs integrationId={world.integrationId} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), job.number);
    // Opened from its row, as the list does (jsdom lays out no rows to click). A link elsewhere
    // (openRecord) clears the search instead: small-ui.spec.ts.
    act(() => useSession.getState().setScreenValue('jobs', 'openId', job.id));
    expect(await screen.findByRole('complementary', { name: 'Job detail' })).toBeTruthy();
    first.unmount();

    render(<Jobs integrationId={world.integrationId} />);
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveProperty('value', job.number);
    expect(await screen.findByRole('heading', { level: 2, name: new RegExp(`^${job.number} · `) })).toBeTruthy();
  });

  it('keeps each screen and key apart, with functional updates like useState', async () => {
    const user = userEvent.setup();
    function Counter({ on }: { on: 'jobs' | 'customers' }) {
      const [n, setN] = useScreenState(on, 'count', 0);
      return (
        <button type="button" onClick={() => setN((p) => p + 1)}>
          {on} {n}
        </button>
      );
    }
    const view = render(<Counter on="jobs" />);
    await user.click(screen.getByRole('button', { name: 'jobs 0' }));
    await user.click(screen.getByRole('button', { name: 'jobs 1' }));
    view.unmount();
    render(
      <>
        <Counter on="jobs" />
        <Counter on="customers" />
      </>,
    );
    expect(screen.getByRole('button', { name: 'jobs 2' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'customers 0' })).toBeTruthy();
  });
});

describe('the unsaved-changes guard', () => {
  function DirtyForm({ dirty }: { dirty: boolean }) {
    useUnsavedChangesGuard(dirty);
    return null;
  }

  it('asks before leaving a form with unsaved changes; "Keep editing" stays, "Discard changes" goes', async () => {
    const user = userEvent.setup();
    const view = render(
      <>
        <DirtyForm dirty />
        <LeaveGuard />
      </>,
    );
    useSession.getState().setScreen('invoices');
    const ask = await screen.findByRole('alertdialog', { name: 'Discard unsaved changes?' });
    expect(useSession.getState().screen).toBe('jobs');
    // The safe answer has the focus.
    expect(document.activeElement?.textContent).toBe('Keep editing');
    await user.click(screen.getByRole('button', { name: 'Keep editing' }));
    await waitFor(() => expect(ask.isConnected).toBe(false));
    expect(useSession.getState().screen).toBe('jobs');

    useSession.getState().openRecord({ entity: 'customer', id: 5 });
    await user.click(await screen.findByRole('button', { name: 'Discard changes' }));
    expect(useSession.getState()).toMatchObject({ screen: 'customers', screens: { customers: { openId: 5 } } });

    // A form without changes (or gone) holds nothing back.
    view.rerender(
      <>
        <DirtyForm dirty={false} />
        <LeaveGuard />
      </>,
    );
    useSession.getState().setScreen('settings');
    expect(useSession.getState().screen).toBe('settings');
  });

  it('opening another record on the Customers screen asks first while a form has unsaved changes', async () => {
    const user = userEvent.setup();
    render(
      <>
        <DirtyForm dirty />
        <Customers integrationId={world.integrationId} />
        <LeaveGuard />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'New customer' }));
    await screen.findByRole('alertdialog', { name: 'Discard unsaved changes?' });
    expect(screen.queryByRole('form', { name: 'Customer details' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByRole('form', { name: 'Customer details' })).toBeTruthy();
  });
});
