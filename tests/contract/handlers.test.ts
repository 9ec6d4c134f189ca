/**
 * The handler table at run time (its compile-time checks: handlers.typecheck.ts), and the contract's
 * split of queries from commands as a reader thread or a cache consumes it.
 */
import { describe, expect, it } from 'vitest';
import { composeHandlers, type HandlerMap } from '../../main/core/ipc/types';
import { CHANNEL_NAMES, contract, isQueryChannel, QUERY_CHANNELS, type ChannelName } from '../../shared/contract';

describe('composeHandlers', () => {
  it('puts parts together, each channel with its own handler', async () => {
    const table = composeHandlers(
      { 'jobs.statuses': () => ['Drying'] } satisfies HandlerMap,
      { 'settings.logFolder': () => ({ path: '/logs', canOpen: false, opened: false }) } satisfies HandlerMap,
    );
    expect(Object.keys(table).sort()).toEqual(['jobs.statuses', 'settings.logFolder']);
    expect(await table['jobs.statuses']({ integrationId: 1 })).toEqual(['Drying']);
  });

  it('refuses at start-up a channel handled twice that was cast past the compiler', () => {
    const first: HandlerMap = { 'jobs.statuses': () => ['Drying'] };
    const second: HandlerMap = { 'jobs.statuses': () => ['Booked'] };
    expect(() => composeHandlers(first as object, second as object)).toThrow('jobs.statuses is handled twice');
  });
});

describe('queries and commands', () => {
  it('lists every query, and only queries, for a reader thread or a cache', () => {
    expect(QUERY_CHANNELS.length).toBeGreaterThan(0);
    for (const channel of CHANNEL_NAMES) {
      expect(QUERY_CHANNELS.includes(channel as never), channel).toBe(contract[channel].kind === 'query');
      expect(isQueryChannel(channel), channel).toBe(contract[channel].kind === 'query');
    }
    expect(isQueryChannel('jobs.drop')).toBe(false);
  });

  it('makes a command of every channel that reaches past the database: Ascora, the file manager, an export', () => {
    // Their effects are not writes to the mirror, so the "a query only reads" fuzz cannot see them.
    const outward: ChannelName[] = [
      'integration.test',
      'integration.openDemo',
      'sync.heldCandidates',
      'sync.exportLocalOnly',
      'jobs.openAttachment',
      'settings.logFolder',
      'customers.discardChange',
    ];
    for (const channel of outward) expect(contract[channel].kind, channel).toBe('command');
  });
});
