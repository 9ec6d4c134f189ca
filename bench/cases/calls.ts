/**
 * Case 13: what one click costs. The browser host over a copy of the bench's mirror, the built
 * renderer in Chromium, and four things an office does all day: open a job, add a note to it,
 * change its status, record a payment on an invoice. Every call the renderer makes to the core's
 * registry and every event the core pushes are counted in the 3 s after each click (the host's
 * registry is wrapped here, in the same process: nothing is left out and nothing added).
 *
 * Messages are what the desktop app would carry for them: a call is four messages between threads
 * and processes (renderer to main, main to the core's worker thread, and back), an event two
 * (the worker to main, main to the renderer).
 */
import path from 'node:path';
import { createCore } from '../../main/core/app';
import { startBrowserHost } from '../../main/core/browser-host/server';
import { silentLogger } from '../../main/core/log';
import { benchSecretStore } from '../lib/database-key';
import { contract } from '../../shared/contract';
import { openApp, type OpenApp } from '../lib/browser';

/** How long after a click its calls are counted. */
export const WINDOW_MS = 3_000;
/** Quiet this long before a click: what the last one started has settled. */
const SETTLED_MS = 1_000;

export interface ActionCalls {
  action: string;
  /** Every registry call in the window, in order. */
  channels: string[];
  commands: number;
  queries: number;
  /** Events the core pushed in the window (name and entity). */
  events: string[];
  messages: number;
}

export interface CallsResult {
  actions: ActionCalls[];
}

/**
 * A channel is a command when it changes something. The contract says so where it declares it;
 * until it does on this branch, a channel whose name is not a read is one.
 */
const READS =
  /\.(list|get|statuses|status|summary|related|unsent|localOnly|toEnter|heldCandidates|problems|logFolder|preview\w*|read\w*|export\w*)$/;
export function isCommand(channel: string): boolean {
  const declared = (contract as Record<string, { kind?: 'query' | 'command' }>)[channel]?.kind;
  return declared ? declared === 'command' : !READS.test(channel);
}

export async function runCallsCase(dataDir: string, root: string): Promise<CallsResult> {
  const core = await createCore({
    dataDir,
    migrationsFolder: path.join(root, 'drizzle'),
    secrets: benchSecretStore(),
    logger: silentLogger,
  });
  const calls: { channel: string; at: number }[] = [];
  const events: { name: string; at: number }[] = [];
  const unsubscribe = core.events.subscribe((event) =>
    events.push({
      name: event.name === 'record.changed' ? `record.changed ${event.payload.entity}` : event.name,
      at: performance.now(),
    }),
  );
  const host = await startBrowserHost({
    registry: {
      invoke: (channel: string, input: unknown) => {
        calls.push({ channel, at: performance.now() });
        return core.registry.invoke(channel, input);
      },
    },
    events: core.events,
    staticDir: path.join(root, 'dist', 'renderer'),
    logger: silentLogger,
  });
  // Inside the try: a page that fails to open still closes the host and the core.
  let browser: OpenApp['browser'] | undefined;
  try {
    const opened = await openApp(host.launchUrl, { width: 1366, height: 860 });
    browser = opened.browser;
    const page = opened.page;
    const firstStart = page.getByRole('form', { name: 'Before you start' });
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    if (await firstStart.isVisible().catch(() => false)) await firstStart.getByRole('button', { name: 'Skip' }).click();

    const settled = async () => {
      const deadline = performance.now() + 30_000;
      for (;;) {
        const last = Math.max(calls.at(-1)?.at ?? 0, events.at(-1)?.at ?? 0);
        if (performance.now() - last >= SETTLED_MS) return;
        if (performance.now() > deadline) throw new Error('the app never stopped calling the core (30 s)');
        await page.waitForTimeout(200);
      }
    };
    /** Clicks (`act`), waits for what the person waits for (`done`), and counts the window. */
    const measure = async (action: string, act: () => Promise<void>, done: () => Promise<void>) => {
      await settled();
      const start = performance.now();
      await act();
      await done();
      const left = start + WINDOW_MS - performance.now();
      if (left > 0) await page.waitForTimeout(left);
      const inWindow = <T extends { at: number }>(list: T[]) =>
        list.filter((c) => c.at >= start && c.at < start + WINDOW_MS);
      const channels = inWindow(calls).map((c) => c.channel);
      const pushed = inWindow(events).map((e) => e.name);
      const commands = channels.filter(isCommand).length;
      return {
        action,
        channels,
        commands,
        queries: channels.length - commands,
        events: pushed,
        messages: channels.length * 4 + pushed.length * 2,
      };
    };

    const actions: ActionCalls[] = [];
    const nav = (name: string) =>
      page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: new RegExp(`^${name}( \\d+ need attention)?$`) })
        .click();
    await nav('Jobs');
    const jobRows = page
      .getByRole('grid', { name: 'Jobs' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader') });
    await jobRows.first().waitFor();
    const panel = page.getByRole('complementary', { name: 'Job detail' });
    actions.push(
      await measure(
        'open a job',
        () => jobRows.nth(1).click(),
        () => panel.getByRole('button', { name: 'Add note' }).waitFor(),
      ),
    );

    const noteText = `Bench note ${Date.now()}`;
    await panel.getByRole('textbox', { name: 'New note' }).fill(noteText);
    actions.push(
      await measure(
        'add a note',
        () => panel.getByRole('button', { name: 'Add note' }).click(),
        () => panel.getByRole('region', { name: 'Notes' }).getByText(noteText).waitFor(),
      ),
    );

    // A status from the pick list (the statuses in the mirror), as a person mostly sets one; then
    // one typed in under "Other…", which the status filter's list must learn.
    const pickList = page.getByRole('listbox', { name: 'New status' });
    await panel.getByRole('button', { name: /New status/ }).click();
    const picked = (await pickList.getByRole('option').first().textContent())!.trim();
    await pickList.getByRole('option').first().click();
    actions.push(
      await measure(
        "change a job's status",
        () => panel.getByRole('button', { name: 'Set status' }).click(),
        () => panel.getByText(`${picked} (in the app`, { exact: false }).first().waitFor(),
      ),
    );
    await panel.getByRole('button', { name: /New status/ }).click();
    await pickList.getByRole('option', { name: 'Other…' }).click();
    const typed = `Bench ${Date.now() % 100_000}`;
    await panel.getByRole('textbox', { name: 'Other status' }).fill(typed);
    actions.push(
      await measure(
        "change a job's status to a new one typed in",
        () => panel.getByRole('button', { name: 'Set status' }).click(),
        () => panel.getByText(`${typed} (in the app`, { exact: false }).first().waitFor(),
      ),
    );

    await nav('Invoices');
    await page.getByRole('checkbox', { name: 'Only with an amount remaining' }).check();
    const invoiceRows = page
      .getByRole('grid', { name: 'Invoices' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader') });
    await invoiceRows.first().waitFor();
    await invoiceRows.first().click();
    const invoice = page.getByRole('complementary', { name: 'Invoice detail' });
    const form = invoice.getByRole('form', { name: 'Record a payment' });
    await form.getByLabel('Amount (AUD)').fill('1');
    actions.push(
      await measure(
        'record a payment',
        () => form.getByLabel('Amount (AUD)').press('Enter'),
        () => invoice.getByText(/^Payment saved/).waitFor(),
      ),
    );
    return { actions };
  } finally {
    await browser?.close();
    unsubscribe();
    await host.close();
    await core.close();
  }
}

/** The figure of one action: "1 command + 2 queries (jobs.get, jobs.list), 5 events, 22 messages". */
export function describeCalls(a: ActionCalls): string {
  const queries = a.channels.filter((c) => !isCommand(c));
  return `${a.commands} command${a.commands === 1 ? '' : 's'} + ${a.queries} quer${a.queries === 1 ? 'y' : 'ies'}${queries.length ? ` (${queries.join(', ')})` : ''}, ${a.messages} messages`;
}

/**
 * The target of each click: one command and at most two queries; opening a record no command; a
 * status typed in one query more (the status filter's list learns it).
 */
export function targetOf(action: string): { text: string; commands: number; queries: number } {
  if (action === 'open a job') return { text: '0 commands + <= 2 queries', commands: 0, queries: 2 };
  if (action.endsWith('typed in')) return { text: '1 command + <= 3 queries', commands: 1, queries: 3 };
  return { text: '1 command + <= 2 queries', commands: 1, queries: 2 };
}

export function withinTarget(a: ActionCalls): boolean {
  const target = targetOf(a.action);
  return a.commands === target.commands && a.queries <= target.queries;
}
