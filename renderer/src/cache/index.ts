/**
 * The renderer's one cache of what the core answered: TanStack Query, each answer kept under
 * [channel, input]. Nothing here guesses when an answer is old: the core pushes a change event
 * naming what it touched (cache/changes.ts), and only those answers are asked for again (and only
 * while on screen; the others when next shown). Connections' status is pushed whole
 * (`connections.status`) into the `integration.list` answer, the one place it is held.
 */
import { plainRecord } from '../../../shared/display-text';
import {
  keepPreviousData,
  QueryClient,
  useMutation,
  useQuery,
  type Query,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useState } from 'react';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { IntegrationStatus } from '../../../shared/domain';
import type { ContractClient } from '../../../shared/client';
import { call, type ContractError } from '../api';
import { isTouchedBy, type Change } from './changes';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh until the core says otherwise: it tells of every change it makes.
      staleTime: Infinity,
      // A failure is shown as it is (the message says what to do); asking again is the person's call.
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
});

export type CoreQueryKey<C extends ChannelName> = readonly [C, InputOf<C>];
export const coreKey = <C extends ChannelName>(channel: C, input: InputOf<C>): CoreQueryKey<C> => [channel, input];

/**
 * A query of the core, typed by its channel; its answer shared by every screen that asks the same.
 * `keepPrevious`: while a new input's answer comes, the last one stays shown (search as you type);
 * never for a record's panel, which must not show one record under another's id.
 */
export function useCoreQuery<C extends ChannelName>(
  channel: C,
  input: InputOf<C>,
  /**
   * `plain`: the answer as shown, Ascora's text without the characters that reorder it
   * (shared/display-text.ts); the cache keeps it as the core sent it (a form sends it back unchanged).
   */
  options: { enabled?: boolean; keepPrevious?: boolean; plain?: boolean } = {},
): UseQueryResult<OutputOf<C>, ContractError | Error> {
  return useQuery(
    {
      queryKey: coreKey(channel, input),
      queryFn: () => call(channel, input),
      // The same function each render: TanStack Query works it out again only for a new answer.
      select: options.plain ? (plainRecord as (answer: OutputOf<C>) => OutputOf<C>) : undefined,
      enabled: options.enabled,
      placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    },
    queryClient,
  );
}

/** The cached answer, or the core's (for a list's pages, loaded as it scrolls). */
export function fetchCore<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  return queryClient.fetchQuery({ queryKey: coreKey(channel, input), queryFn: () => call(channel, input) });
}

/**
 * A command of the core. What it changed is not patched in here: the core's change event names
 * the answers it made stale, and those on screen are asked for again.
 */
export function useCoreCommand<C extends ChannelName>(channel: C) {
  return useMutation({ mutationFn: (input: InputOf<C>) => call(channel, input) }, queryClient);
}

/**
 * A command's answer that is a query's answer too (settings.update answers the settings): shown at
 * once, before the change event's own refresh comes.
 */
export function setCoreData<C extends ChannelName>(channel: C, input: InputOf<C>, data: OutputOf<C>): void {
  queryClient.setQueryData(coreKey(channel, input), data);
}

/**
 * A list's generation: changes each time its first page (observed here) is answered again after a
 * change made it stale, so the list (DataTable) starts again from the top. The first page's
 * answer is the one the list then reads from the cache: no second call.
 */
export function useListGeneration<C extends ChannelName>(channel: C, firstPage: InputOf<C>): number {
  const { dataUpdatedAt } = useCoreQuery(channel, firstPage);
  const [seen, setSeen] = useState({ at: dataUpdatedAt, generation: 0 });
  // A first answer (from nothing) is the list's first load, not a change.
  if (seen.at !== dataUpdatedAt)
    setSeen({ at: dataUpdatedAt, generation: seen.at === 0 ? seen.generation : seen.generation + 1 });
  return seen.generation;
}

const CONNECTIONS = coreKey('integration.list', {});

/** Every connection's status, as last pushed or asked for. */
export function useConnections() {
  return useCoreQuery('integration.list', {});
}

/** Every connection's status, outside React. */
export function connections(): IntegrationStatus[] {
  return queryClient.getQueryData<IntegrationStatus[]>(CONNECTIONS) ?? [];
}

/** One connection's status changed by a command's answer (connect, replace key, disconnect). */
export function setConnection(status: IntegrationStatus): void {
  queryClient.setQueryData<IntegrationStatus[]>(CONNECTIONS, (list = []) =>
    list.some((i) => i.id === status.id) ? list.map((i) => (i.id === status.id ? status : i)) : [...list, status],
  );
}

/**
 * Marks stale every answer `touches` names: on screen, asked for again (shown as it was until the
 * new answer comes); not on screen, dropped, so a screen opened later waits for a current answer
 * instead of showing an old one first.
 *
 * TanStack Query asks again for an answer in flight only when it already holds one: a first answer
 * on its way, read before the change, would be kept (Today stuck on "Getting your jobs" after the
 * first sync had ended). Those are cancelled here, silently, just before they are asked again, so
 * whoever awaits one gets the new answer.
 */
function markStale(touches: (query: Query) => boolean): Promise<void> {
  queryClient.removeQueries({ predicate: (query) => query.getObserversCount() === 0 && touches(query) });
  const firstAnswersOnTheirWay = queryClient.getQueryCache().findAll({
    predicate: (query) =>
      query.isActive() && query.state.data === undefined && query.state.fetchStatus === 'fetching' && touches(query),
  });
  for (const query of firstAnswersOnTheirWay) void query.cancel({ silent: true });
  return queryClient.invalidateQueries({ predicate: touches });
}

/** What a change touched, made stale (markStale). */
export function applyChange(change: Change): Promise<void> {
  return markStale((query) => isTouchedBy(change, query.queryKey));
}

/**
 * An answer the core pushed (the connections' status, the updater's state). One of the same key
 * still on its way was read before the push: it is cancelled (its state put back at once) so that,
 * arriving after, it cannot put an older answer back ("Syncing…" after the sync had ended).
 */
function setPushed<C extends ChannelName>(channel: C, input: InputOf<C>, data: OutputOf<C>): void {
  void queryClient.cancelQueries({ queryKey: coreKey(channel, input), exact: true });
  queryClient.setQueryData(coreKey(channel, input), data);
}

/** Follows the core's events into the cache: changes, connections' status, the updater's state, a restarted core. */
export function followCore(client: ContractClient): () => void {
  const offs = [
    client.on('record.changed', (change) => void applyChange(change)),
    client.on('connections.status', ({ integrations }) => setPushed('integration.list', {}, integrations)),
    // The desktop app's updater says each move (checking, downloading, downloaded): held where updates.status is.
    client.on('updates.status', (status) => setPushed('updates.status', {}, status)),
    // A new core: nothing the old one answered can be trusted to be current.
    client.on('core.crashed', () => void markStale(() => true)),
    // Events may have been missed while the event stream was down: likewise.
    client.onResync(() => void markStale(() => true)),
  ];
  return () => offs.forEach((off) => off());
}
