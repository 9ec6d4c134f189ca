import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLive } from '../stores/live';
import { SyncProgress } from './SyncProgress';

afterEach(() => {
  cleanup();
  useLive.setState({ running: {}, progress: {} });
});

const customers = { phase: 'pull', entity: 'customers', done: 0, total: null } as const;

describe('SyncProgress', () => {
  it('shows a list without a total as still going while the run goes on, and full once it has finished', () => {
    useLive.setState({ running: { 7: true }, progress: { 7: { 'pull:customers': customers } } } as never);
    const { rerender } = render(<SyncProgress integrationId={7} />);
    expect(screen.getByRole('progressbar', { name: 'Customers progress' }).hasAttribute('value')).toBe(false);

    useLive.setState({ running: { 7: false } });
    rerender(<SyncProgress integrationId={7} />);
    const bar = screen.getByRole('progressbar', { name: 'Customers progress' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([1, 1]);
    expect(screen.getByText('Finished.')).toBeTruthy();
  });
});
