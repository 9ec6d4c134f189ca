/**
 * Issue 22: Settings says whether the data kept on this computer is encrypted, over the real core:
 * with a keychain (a memory one here; the real keychain is tested in tests/db/encryption) it is,
 * and without one the card says plainly that it is not, and what to do.
 */
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { keychainUnavailable } from '../../main/core/secrets/keytar-store';
import { Settings } from '../../renderer/src/screens/Settings';
import { startRendererWorld, type RendererWorld } from './support';

let world: RendererWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

describe('Data on this computer, in Settings', () => {
  it('says the local copy, its backups, attachments and the demo are encrypted with a key in the keychain', async () => {
    world = await startRendererWorld({ sync: false });
    render(<Settings />);
    const said = await screen.findByRole('status', { name: 'Encryption' }, { timeout: 10_000 });
    expect(said.textContent).toMatch(
      /its backups, your attachments and the demo workspace are encrypted, with a key kept in this computer's system keychain/,
    );
    expect(said.textContent).not.toMatch(/not encrypted yet/);
  });

  it('without a keychain: the demo still starts, and the card says the copy is not encrypted and why', async () => {
    const refuse = () => Promise.reject(keychainUnavailable(new Error('no Secret Service')));
    world = await startRendererWorld({ sync: false, core: { secrets: { get: refuse, set: refuse, delete: refuse } } });
    render(<Settings />);
    const said = await screen.findByRole('status', { name: 'Encryption' }, { timeout: 10_000 });
    expect(said.textContent).toMatch(/with its backups and attachments, is not encrypted, because the system keychain/);
    expect(said.textContent).toMatch(/gnome-keyring/);
  });
});
