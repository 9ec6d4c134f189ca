/**
 * Issue 19: a report two desktops made into two jobs in Ascora at the same moment is in the Sync
 * centre's Needs attention, in the office's words, with the job to open and no button that would
 * send anything (the fix is in Ascora: cancel one).
 */
import { randomUUID } from 'node:crypto';
import { render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncCentre } from '../../renderer/src/screens/sync-centre/SyncCentre';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld({ ownAscora: true });
});
afterAll(() => world.close());

describe('a report made into two jobs in Ascora', () => {
  it('is listed in Needs attention with both job numbers, the job to open, and nothing to send', async () => {
    const marker = `[RA:${randomUUID()}]`;
    const made = [1, 2].map(() =>
      world.ascora!.control.addJob({
        jobName: 'Water damage – 14 Harris Street, Parramatta',
        jobDescription: `Burst flexi hose under kitchen sink.\n${marker}`,
      }),
    );
    const synced = await world.core.registry.invoke('sync.now', { integrationId: world.integrationId });
    expect(synced.ok).toBe(true);

    render(<SyncCentre integrationId={world.integrationId} />);
    const numbers = made.map((j) => j.jobNumber).sort();
    const item = await screen.findByRole('listitem', {
      name: `Jobs made from one report: ${numbers[0]} and ${numbers[1]}`,
    });
    within(item).getByText(
      `The report behind “Water damage – 14 Harris Street, Parramatta” was made into two jobs in Ascora, ${numbers[0]} and ${numbers[1]}, by two desktops at the same time. Ascora's API cannot delete a job: cancel one of them in Ascora.`,
    );
    expect(
      within(item)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Open it']);
    expect(screen.getByRole('heading', { name: /^Needs attention/ }).textContent).toBe('Needs attention (1)');
  });
});
