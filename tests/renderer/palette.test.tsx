/**
 * The command palette (Ctrl/Cmd+K) over the real core: screens and actions matched as the person
 * types, records found through the lists' own search channels (8 of each kind at most), and a
 * record chosen opens on its screen.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommandPalette, RECORDS_PER_KIND } from '../../renderer/src/shell/CommandPalette';
import { useSession } from '../../renderer/src/stores/session';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld();
});
afterAll(() => world.close());
beforeEach(() => {
  useSession.setState({ screen: 'dashboard', screens: {}, focus: null, overlay: 'palette', unsaved: [] });
});

const box = () => screen.getByRole('textbox', { name: 'Go to a screen, record or action' });
const section = (name: string) => screen.getByRole('group', { name });

describe('the command palette', () => {
  it('finds a job by its number and opens it on the Jobs screen', async () => {
    const user = userEvent.setup();
    const job = world.core.ctx.sqlite
      .prepare(
        'SELECT id, job_number AS number, job_name AS name FROM ascora_jobs WHERE job_number IS NOT NULL LIMIT 1 OFFSET 7',
      )
      .get() as { id: number; number: string; name: string };
    render(<CommandPalette />);
    expect(box()).toBe(document.activeElement);
    await user.type(box(), job.number);
    const item = await screen.findByRole('menuitem', { name: new RegExp(`^${job.number} · `) });
    expect(item.textContent).toContain(job.name);
    // A job number matches no screen or action: the jobs are all there is.
    expect(screen.queryByRole('group', { name: 'Screens' })).toBeNull();
    await user.click(item);
    expect(useSession.getState()).toMatchObject({
      screen: 'jobs',
      overlay: null,
      screens: { jobs: { openId: job.id } },
    });
  });

  it('matches screens and actions by their words, and shows at most 8 records of each kind', async () => {
    const user = userEvent.setup();
    render(<CommandPalette />);
    // Nothing typed: every screen and action.
    expect(within(section('Screens')).getAllByRole('menuitem')).toHaveLength(7);
    expect(within(section('Actions')).getByRole('menuitem', { name: 'Sync now' })).toBeTruthy();

    await user.type(box(), 'go inv');
    expect(
      within(section('Screens'))
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['Go to Invoices']);
    await user.clear(box());

    // "damage" is in every demo job's name: far more than 8 jobs match.
    await user.type(box(), 'damage');
    await waitFor(() => expect(section('Jobs')).toBeTruthy());
    expect(within(section('Jobs')).getAllByRole('menuitem')).toHaveLength(RECORDS_PER_KIND);
    expect(RECORDS_PER_KIND).toBe(8);

    await user.clear(box());
    await user.type(box(), 'zzqx no such thing');
    expect(await screen.findByText('Nothing found for “zzqx no such thing”.')).toBeTruthy();
  });

  it('runs an action: "Show keyboard shortcuts" opens the sheet in its place', async () => {
    const user = userEvent.setup();
    render(<CommandPalette />);
    await user.type(box(), 'shortcuts');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(useSession.getState().overlay).toBe('shortcuts');
  });
});
