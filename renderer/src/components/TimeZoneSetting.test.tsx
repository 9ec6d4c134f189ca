import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeZoneSetting } from './TimeZoneSetting';

afterEach(cleanup);

describe('TimeZoneSetting', () => {
  it('shows the zone in force even when the runtime lists it under another name (a computer set to UTC)', () => {
    // Intl.supportedValuesOf lists canonical zones only: "UTC" is not among them.
    expect(Intl.supportedValuesOf('timeZone')).not.toContain('UTC');
    render(<TimeZoneSetting value="UTC" onSaved={() => {}} />);
    expect((screen.getByRole('combobox', { name: 'Time zone' }) as HTMLInputElement).value).toMatch(/^UTC \(GMT/);
  });

  it('shows a listed zone with its offset today', () => {
    render(<TimeZoneSetting value="Australia/Perth" onSaved={() => {}} />);
    expect((screen.getByRole('combobox', { name: 'Time zone' }) as HTMLInputElement).value).toBe(
      'Australia/Perth (GMT+8)',
    );
  });
});
