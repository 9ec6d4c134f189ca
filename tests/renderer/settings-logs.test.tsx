/**
 * Issue 15, item 2: Settings shows where the log files are. Over the real core: the path comes
 * from the settings.logFolder channel, the folder is the data folder's logs/ with the log file in
 * it. The browser host can only show and copy the path; the desktop app also opens the folder (the
 * opener stands in for Electron's shell.openPath, which cannot run here).
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_FILE, logFolder } from '../../main/core/log-file';
import { Settings } from '../../renderer/src/screens/Settings';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

/** The path shown under "Log folder". */
async function folderField(): Promise<HTMLElement> {
  const term = await screen.findByText('Log folder', { selector: 'dt' });
  return term.nextElementSibling as HTMLElement;
}

describe('the log folder in Settings', () => {
  it('shows the folder the log is written to, and copies its path (browser host: no opening)', async () => {
    world = await startRendererWorld({ sync: false });
    const user = userEvent.setup();
    render(<Settings />);

    const field = await folderField();
    const expected = logFolder(world.core.ctx.dataDir);
    expect(field.textContent).toBe(expected);
    // It is where the log really is: the core has written to it already.
    expect(fs.statSync(path.join(expected, LOG_FILE)).isFile()).toBe(true);
    expect(screen.queryByRole('button', { name: 'Open log folder' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Copy path' }));
    await waitFor(() => expect(screen.getByText('Path copied.')).toBeTruthy());
    expect(await navigator.clipboard.readText()).toBe(expected);
  });

  it('opens the folder where the host can, and only that folder', async () => {
    const opened: string[] = [];
    world = await startRendererWorld({
      sync: false,
      core: {
        openFolder: async (dir) => {
          opened.push(dir);
          return true;
        },
      },
    });
    const user = userEvent.setup();
    render(<Settings />);
    await folderField();
    expect(opened).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Open log folder' }));
    await waitFor(() => expect(opened).toEqual([logFolder(world!.core.ctx.dataDir)]));
    expect(screen.queryByText('The folder could not be opened. Copy its path instead.')).toBeNull();
  });
});
