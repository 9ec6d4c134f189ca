import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reports } from '../../renderer/src/screens/Reports';
import { startRendererWorld, type RendererWorld } from './support';

const SAMPLES = path.resolve('tests/fixtures/reports');
const sample = (name: string) => new File([fs.readFileSync(path.join(SAMPLES, name))], name, { type: 'application/json' });

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld({ sync: false });
});
afterAll(() => world.close());

describe('importing reports in bulk', () => {
  it('gives a result per file: the valid ones imported and listed, the invalid one refused whole with its problems', async () => {
    const user = userEvent.setup();
    render(<Reports integrationId={world.integrationId} />);
    await user.upload(screen.getByLabelText('Import RestoreAssist reports (JSON)'), [
      sample('water-damage-parramatta.json'),
      sample('mould-hobart.json'),
      sample('storm-brisbane-invalid.json'),
    ]);
    const results = await screen.findByRole('status', { name: 'Import results' });
    const items = within(results).getAllByRole('listitem').filter((li) => li.parentElement?.classList.contains('results'));
    expect(items.map((li) => li.querySelector('strong')?.textContent)).toEqual(['water-damage-parramatta.json', 'mould-hobart.json', 'storm-brisbane-invalid.json']);
    expect(items[0]!.textContent).toContain('imported');
    expect(items[2]!.textContent).toContain('not imported, nothing was saved from it');
    expect(items[2]!.textContent).toContain('damage_type "hail" is not one of');

    const stored = world.core.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number };
    expect(stored.n).toBe(2);
    // The list shows the two imported reports.
    await waitFor(() => expect(screen.getByRole('button', { name: /Priya Raman/ })).toBeTruthy());
  });
});
