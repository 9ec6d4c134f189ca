import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Reports } from '../../renderer/src/screens/Reports';
import { MAX_REPORT_FILE_BYTES } from '../../shared/contract';
import { startRendererWorld, type RendererWorld } from './support';

const SAMPLES = path.resolve('tests/fixtures/reports');
const sample = (name: string) =>
  new File([fs.readFileSync(path.join(SAMPLES, name))], name, { type: 'application/json' });

let world: RendererWorld;
beforeAll(async () => {
  world = await startRendererWorld({ sync: false });
});
afterEach(cleanup);
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
    const items = within(results)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement?.classList.contains('results'));
    expect(items.map((li) => li.querySelector('strong')?.textContent)).toEqual([
      'water-damage-parramatta.json',
      'mould-hobart.json',
      'storm-brisbane-invalid.json',
    ]);
    expect(items[0]!.textContent).toContain('imported');
    expect(items[2]!.textContent).toContain('not imported, nothing was saved from it');
    expect(items[2]!.textContent).toContain('damage_type "hail" is not one of');

    const stored = world.core.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number };
    expect(stored.n).toBe(2);
    // The list shows the two imported reports.
    await waitFor(() => expect(screen.getByRole('button', { name: /Priya Raman/ })).toBeTruthy());
  });

  it('sends the bytes: a UTF-16 file imports with its name intact, and a file too large or not UTF-8 is refused on its own', async () => {
    const user = userEvent.setup();
    render(<Reports integrationId={world.integrationId} />);
    // Over the limit: the screen sends only its first 5 MB and a byte, and main refuses it alone.
    const huge = new File([new Uint8Array(MAX_REPORT_FILE_BYTES + 1024).fill(0x20)], 'huge.json', {
      type: 'application/json',
    });
    await user.upload(screen.getByLabelText('Import RestoreAssist reports (JSON)'), [
      sample('encoding-utf16le-bom.json'),
      huge,
      sample('encoding-windows-1252.json'),
    ]);
    const results = await screen.findByRole('status', { name: 'Import results' });
    const items = within(results)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement?.classList.contains('results'));
    expect(items.map((li) => li.querySelector('strong')?.textContent)).toEqual([
      'encoding-utf16le-bom.json',
      'huge.json',
      'encoding-windows-1252.json',
    ]);
    expect(items[0]!.textContent).toContain('imported');
    expect(items[1]!.textContent).toContain('The file is larger than 5 MB');
    expect(items[2]!.textContent).toContain('line 21 has bytes that are not UTF-8');
    await waitFor(() => expect(screen.getByRole('button', { name: /Đặng Thị Hoa/ })).toBeTruthy());
  });
});
